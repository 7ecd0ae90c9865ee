"""Post bodies rendered before the click-to-play video facade held a player iframe (which
loads the video site as soon as it scrolls near): render those bodies again."""

from django.db import migrations


def rerender(apps, schema_editor):
    from blog.markdown import render_markdown

    post_model = apps.get_model("blog", "Post")
    for post in post_model.objects.filter(body_html__contains='<div class="video-embed"><iframe'):
        post.body_html = render_markdown(post.body)
        post.save(update_fields=["body_html"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0007_editor_desk")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
