def post_form(pictures=0, **fields):
    """The admin's add/change post form as the browser sends it: a title, a body, no tags,
    `pictures` empty rows of the picture inline, then `fields` (inline fields by dict:
    post_form(**{"images-0-alt": "..."}))."""
    data = {
        "title": "예약 글",
        "body": "본문",
        "tags": "",
        "images-TOTAL_FORMS": str(pictures),
        "images-INITIAL_FORMS": "0",
    }
    for n in range(pictures):
        data |= {f"images-{n}-alt": "", f"images-{n}-caption": ""}
    return data | fields
