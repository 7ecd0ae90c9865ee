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
        self.fields["email"].help_text = _(
            "Optional. We send a link to confirm it; you need it to reset a forgotten password."
        )


class ProfileForm(NicknameMixin, forms.ModelForm):
    """The email address is changed on its own page: a new address replaces the old one
    only once its confirmation link is followed."""

    class Meta:
        model = User
        fields = ("nickname", "avatar", "bio", "homepage")
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}


class DeleteAccountForm(forms.Form):
    """회원 탈퇴: the password again (members who only log in with Kakao/Naver/Google log in
    with the provider again instead), and an explicit yes."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased and cannot be restored."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password_incorrect")
        return password
