"""Fill reading_minutes and search_text for posts written before those fields existed."""

from django.db import migrations


def fill(apps, schema_editor):
    from blog.markdown import plain_text
    from blog.reading import reading_minutes

    Post = apps.get_model("blog", "Post")
    TaggedPost = apps.get_model("blog", "TaggedPost")
    for post in Post.objects.select_related("category").iterator():
        body_text = plain_text(post.body_html)
        tags = TaggedPost.objects.filter(content_object_id=post.pk).values_list(
            "tag__name", flat=True
        )
        parts = [
            post.title, " ".join(tags), post.category.name if post.category_id else "",
            post.excerpt, body_text,
        ]
        Post.objects.filter(pk=post.pk).update(
            reading_minutes=reading_minutes(body_text),
            search_text="\n".join(part for part in parts if part).lower(),
        )


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_likes_reading_time_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
