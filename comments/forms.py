"""The comment form: django_comments' security hash + timestamp, our fields, and every
check that must pass before anything is saved (lengths match the columns, the parent
exists, belongs to the same object and is not too deep)."""

import re
import time

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.forms.renderers import Jinja2 as Jinja2FormRenderer
from django.forms.utils import ErrorList
from django.utils.crypto import constant_time_compare
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_comments.forms import CommentSecurityForm

from core.text import refuse_control_characters

from .models import USER_EMAIL_MAX, USER_NAME_MAX, USER_URL_MAX, CommentReport, ThreadedComment
from .names import impersonates
from .policy import max_depth_for

GUEST_PASSWORD_MIN = 4
GUEST_PASSWORD_MAX = 128


def comment_max_length():
    return getattr(settings, "COMMENT_MAX_LENGTH", 3000)


def comments_timeout():
    return getattr(settings, "COMMENTS_TIMEOUT", 2 * 60 * 60)


def min_form_seconds():
    """A person needs a moment to write; a form sent faster than this is held back."""
    return getattr(settings, "COMMENTS_MIN_FORM_SECONDS", 3)


class QuietErrorList(ErrorList):
    """A field without errors writes nothing, without rendering the error-list template for
    it (the comment form is on every post page, and most of its fields have no errors)."""

    def render(self, template_name=None, context=None, renderer=None):
        if not self.data:
            return SafeString("")
        return super().render(template_name, context, renderer)

    def __str__(self):
        return self.render()

    __html__ = __str__


# Django's widget templates, rendered by its Jinja2 form renderer: the same markup as the
# Django-template renderer at a fraction of the time (the form is on every post page).
FORM_RENDERER = Jinja2FormRenderer()


class CommentTextMixin:
    def clean_comment(self):
        text = self.cleaned_data["comment"].replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise forms.ValidationError(_("Write something first."), code="required")
        return refuse_control_characters(text)


class CommentForm(CommentTextMixin, CommentSecurityForm):
    """One form for guests and members. For a member the name, password, email and
    homepage fields are dropped: the comment always carries the member's profile."""

    default_renderer = FORM_RENDERER

    name = forms.CharField(
        label=_("Nickname"),
        max_length=USER_NAME_MAX,
        required=False,
        error_messages={"required": _("Enter a nickname.")},
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password = forms.CharField(
        label=_("Password"),
        min_length=GUEST_PASSWORD_MIN,
        max_length=GUEST_PASSWORD_MAX,
        required=False,
        strip=False,
        error_messages={"required": _("Choose a password: you need it to edit or delete.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Needed to edit or delete this comment later."),
    )
    email = forms.EmailField(
        label=_("Email (optional, never shown)"),
        max_length=USER_EMAIL_MAX,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    url = forms.URLField(
        label=_("Homepage (optional)"),
        max_length=USER_URL_MAX,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    comment = forms.CharField(
        label=pgettext_lazy("comment form", "Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write something first.")},
    )
    is_secret = forms.BooleanField(label=_("Secret comment"), required=False)
    followup = forms.BooleanField(label=_("Email me when someone replies"), required=False)
    reply_to = forms.IntegerField(
        min_value=0, max_value=2**63 - 1, initial=0, required=False, widget=forms.HiddenInput
    )
    honeypot = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, target_object, data=None, initial=None, user=None, **kwargs):
        self.user = user if user is not None and user.is_authenticated else None
        kwargs.setdefault("error_class", QuietErrorList)
        super().__init__(target_object, data=data, initial=initial, **kwargs)
        self.fields["comment"].max_length = comment_max_length()
        self.fields["comment"].validators.append(MaxLengthValidator(comment_max_length()))
        self.fields["comment"].widget.attrs["maxlength"] = str(comment_max_length())
        self.fields["comment"].widget.attrs["placeholder"] = _("Leave a comment")
        self.parent = None
        if self.user:
            for name in ("name", "password", "email", "url"):
                del self.fields[name]
        else:
            self.fields["name"].required = True
            self.fields["password"].required = True

    # -- security ---------------------------------------------------------------
    def security_problem(self):
        """None, or why the posted security data cannot be trusted. Checked before
        the rest of the form, with our own (translated) outcome."""
        data = self.data
        try:
            timestamp = int(data.get("timestamp", ""))
        except (TypeError, ValueError):
            return "tampered"
        expected = self.generate_security_hash(
            content_type=str(data.get("content_type", "")),
            object_pk=str(data.get("object_pk", "")),
            timestamp=str(data.get("timestamp", "")),
        )
        if not constant_time_compare(expected, str(data.get("security_hash", ""))):
            return "tampered"
        if time.time() - timestamp > comments_timeout() or timestamp > time.time() + 300:
            return "expired"
        if time.time() - timestamp < min_form_seconds():
            return "too_fast"
        if data.get("honeypot"):
            return "honeypot"
        return None

    # -- fields ----------------------------------------------------------------
    def clean_name(self):
        name = self.cleaned_data.get("name", "").strip()
        if self.user is None and not name:
            raise forms.ValidationError(_("Enter a nickname."), code="required")
        name = refuse_control_characters(name)
        if self.user is None and impersonates(name):
            raise forms.ValidationError(
                _("This nickname belongs to a member or the blog's staff. Choose another one."),
                code="impersonation",
            )
        return name

    def clean(self):
        data = super().clean()
        if data.get("followup") and self.user is None and not data.get("email"):
            self.add_error(
                "email",
                forms.ValidationError(_("Give an email address to hear about replies."), code="required"),
            )
        return data

    def clean_reply_to(self):
        reply_to = self.cleaned_data.get("reply_to") or 0
        if not reply_to:
            return 0
        target = self.target_object
        content_type = ContentType.objects.get_for_model(target)
        parent = (
            ThreadedComment.norel_objects.filter(pk=reply_to)
            .only("pk", "content_type_id", "object_pk", "level", "is_removed", "is_public", "thread_id")
            .first()
        )
        if parent is None or parent.is_removed or not parent.is_public:
            raise forms.ValidationError(
                _("The comment you are replying to does not exist (any more)."), code="invalid"
            )
        if parent.content_type_id != content_type.pk or parent.object_pk != str(target.pk):
            raise forms.ValidationError(_("You can only reply to a comment on this page."), code="invalid")
        if parent.level >= max_depth_for(content_type):
            raise forms.ValidationError(_("Replies cannot be nested any deeper here."), code="invalid")
        self.parent = parent
        return reply_to

    # -- the comment -----------------------------------------------------------
    def build_comment(self, request):
        """An unsaved comment from this (valid) form and the request."""
        data = self.cleaned_data
        target = self.target_object
        comment = ThreadedComment(
            content_type=ContentType.objects.get_for_model(target),
            object_pk=str(target.pk),
            site_id=getattr(settings, "SITE_ID", 1),
            comment=data["comment"],
            is_secret=data.get("is_secret", False),
            parent_id=data.get("reply_to") or 0,
            is_public=True,
            is_removed=False,
            followup=bool(data.get("followup")),
            # No raw network address is kept: the view stores a salted hash (address_hash).
            ip_address=None,
        )
        if self.user:
            comment.user = self.user
            comment.user_name = self.user.display_name[:USER_NAME_MAX]
            comment.user_email = (self.user.email or "")[:USER_EMAIL_MAX]
            comment.user_url = (getattr(self.user, "homepage", "") or "")[:USER_URL_MAX]
        else:
            comment.user_name = data["name"]
            comment.user_email = data.get("email", "")
            comment.user_url = data.get("url", "")
            comment.set_guest_password(data["password"])
        return comment


class EditForm(CommentTextMixin, forms.Form):
    comment = forms.CharField(
        label=pgettext_lazy("comment form", "Comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write something first.")},
    )
    is_secret = forms.BooleanField(label=_("Secret comment"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].max_length = comment_max_length()
        self.fields["comment"].validators.append(MaxLengthValidator(comment_max_length()))
        self.fields["comment"].widget.attrs["maxlength"] = str(comment_max_length())


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Comment password"),
        max_length=GUEST_PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a reason."),
            "invalid_choice": _("Choose one of the reasons shown."),
        },
    )
    detail = forms.CharField(
        label=_("Details (required for “Other”)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "500"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == CommentReport.Reason.OTHER and not data.get("detail", "").strip():
            self.add_error(
                "detail", forms.ValidationError(_("Describe the problem in a few words."), code="required")
            )
        return data


class ModerationForm(forms.Form):
    """The moderation queue's POST: one item button ("remove:12") or a bulk action with
    the ticked ids, and an optional reason for the log. Cleaned to `action`, `ids` (ints)
    and `reason`; a problem is one non-field error in the reader's language."""

    MAX_IDS = 500

    # Plain fields: the values are compared exactly (no stripping), and a NUL is "not
    # understood" like any other stray character rather than a field error of its own.
    item = forms.Field(required=False)
    action = forms.Field(required=False)
    ids = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    reason = forms.Field(required=False)

    def clean_reason(self):
        return str(self.cleaned_data.get("reason") or "").replace("\x00", "").strip()[:500]

    def clean(self):
        from .moderation import ACTIONS

        data = super().clean()
        one = data.get("item")
        if one:
            action, _sep, raw = str(one).partition(":")
            raw_ids = [raw]
        else:
            action, raw_ids = str(data.get("action") or ""), list(data.get("ids") or [])
        if action not in ACTIONS:
            raise forms.ValidationError(_("Choose one of the actions shown."), code="action")
        if not raw_ids:
            raise forms.ValidationError(_("Tick at least one comment first."), code="empty")
        if len(raw_ids) > self.MAX_IDS:
            raise forms.ValidationError(_("Too many comments at once: at most 500."), code="too_many")
        # ASCII digits only: "²".isdigit() is true.
        if not all(re.fullmatch(r"[0-9]{1,18}", str(raw)) for raw in raw_ids):
            raise forms.ValidationError(
                _("The list of comments was not understood. Reload the page."), code="ids"
            )
        data["action"], data["ids"] = action, [int(raw) for raw in raw_ids]
        return data
