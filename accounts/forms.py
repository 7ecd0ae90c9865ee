import re

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User

# Control characters XML 1.0 cannot hold: a nickname with one would make every feed that
# names its writer fail (a 500), long after it was saved.
CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class NicknameMixin:
    def clean_nickname(self):
        nickname = self.cleaned_data.get("nickname", "")
        if CONTROL_CHARACTERS_RE.search(nickname):
            raise forms.ValidationError(
                _("Remove the invisible control characters from the nickname."), code="control"
            )
        return nickname


class SignupForm(NicknameMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "nickname", "email")
        help_texts = {"username": _("Letters, digits and @/./+/-/_ only; used to log in.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nickname"].required = True
        self.fields["email"].required = False


class ProfileForm(NicknameMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ("nickname", "avatar", "bio", "homepage", "email")
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}
