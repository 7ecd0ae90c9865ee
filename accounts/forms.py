from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from core.text import refuse_control_characters

from .models import User


class NicknameMixin:
    def clean_nickname(self):
        return refuse_control_characters(
            self.cleaned_data.get("nickname", ""),
            _("Remove the invisible control characters from the nickname."),
        )


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
