from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

# Mounted at /accounts/ before django-allauth's own URLs (config/urls.py), so these views
# answer their paths; allauth serves the rest (email confirmation, password reset links,
# social login callbacks, email change).
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("my-data/", views.MyDataView.as_view(), name="my_data"),
    path("my-data/download.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("delete/", views.DeleteAccountView.as_view(), name="delete"),
    path("avatar/<str:seed>.svg", views.generated_avatar, name="generated_avatar"),
]
