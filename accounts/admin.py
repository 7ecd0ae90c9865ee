from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "nickname", "email", "is_staff", "is_active")
    search_fields = ("username", "nickname", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Profile"), {"fields": ("nickname", "avatar", "bio", "homepage")}),
    )
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, (_("Profile"), {"fields": ("nickname",)}))
