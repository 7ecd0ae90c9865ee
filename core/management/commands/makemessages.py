"""`manage.py makemessages` (run by `make makemessages`) for this project's layout.

Django's own command would get two things wrong here, and a re-extract would quietly take
Korean away from readers:

- it reads Django templates and Python only, so the strings of the Jinja2 templates
  (`templates/**/*.jinja`: the comment list, the moderation items; core/jinja.py) would be
  marked obsolete (`#~`) and the comment list would turn English on the Korean site. Here a
  .jinja file is read by Jinja2's own parser (`_()`, `gettext()`, `ngettext()` …, the calls
  core.jinja installs), which hands xgettext the same messages;
- it files every template under templates/ into the project catalogue (locale/), while
  `templates/<app>/` belongs to `<app>/locale/` when the app keeps a catalogue of its own
  (comments does): the strings would leave that catalogue as obsolete and arrive in locale/
  untranslated. Here such a template goes to its app's catalogue.

tests/test_i18n.py runs it on a copy of the project and checks that nothing is lost."""

import os

from django.conf import settings
from django.core.management.commands import makemessages
from django.template import engines

JINJA_EXTENSION = ".jinja"
# Never the project's own: tools, tests, build output, and our copies of django-allauth's
# templates (changed for the CSP only: their strings are allauth's, in allauth's catalogue).
IGNORED = [
    ".venv/*",
    "node_modules/*",
    "staticfiles/*",
    "media/*",
    "tests/*",
    "templates/account/*",
    "templates/socialaccount/*",
]


def jinja_as_python(source):
    """The translatable calls of a Jinja2 template as Python, each on its template line
    (so the catalogue's references point at the template's lines). core.jinja installs
    `_`/`gettext` and `ngettext`; a call with a computed message is left out, as
    xgettext would leave it out of Python."""
    environment = engines["jinja2"].env
    lines = [""] * (source.count("\n") + 1)
    for lineno, function, message in environment.extract_translations(source):
        if function == "ngettext" and all(isinstance(m, str) for m in message[:2]):
            call = f"ngettext({message[0]!r}, {message[1]!r}, 1)"
        elif function in ("_", "gettext") and isinstance(message, str):
            call = f"gettext({message!r})"
        else:
            continue
        lines[lineno - 1] += f"{call}; "
    return "\n".join(lines) + "\n"


class BuildFile(makemessages.BuildFile):
    def preprocess(self):
        if self.domain == "django" and self.path.endswith(JINJA_EXTENSION):
            with open(self.path, encoding="utf-8") as source:
                content = jinja_as_python(source.read())
            with open(self.work_path, "w", encoding="utf-8") as out:
                out.write(content)
            return
        super().preprocess()


class Command(makemessages.Command):
    build_file_class = BuildFile

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], *IGNORED]
        if options["domain"] == "django":
            # Django's defaults (html, txt, py) and the Jinja2 templates.
            options["extensions"] = [*(options["extensions"] or ["html", "txt", "py"]), "jinja"]
        return super().handle(*args, **options)

    def find_files(self, root):
        files = super().find_files(root)
        templates = os.path.join(os.path.abspath(settings.BASE_DIR), "templates")
        for translatable in files:
            folder = os.path.abspath(translatable.dirpath)
            if not folder.startswith(templates + os.sep):
                continue
            app = os.path.relpath(folder, templates).split(os.sep)[0]
            app_catalogue = os.path.join(os.path.abspath(settings.BASE_DIR), app, "locale")
            if os.path.isdir(app_catalogue):
                translatable.locale_dir = app_catalogue
        return files
