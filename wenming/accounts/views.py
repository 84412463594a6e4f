"""Login and logout pages; a locked-out account (django-axes) gets the login page with a Chinese notice."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        if getattr(self.request, "axes_locked_out", False):
            return self.lockout_response(form)
        return super().form_invalid(form)

    def lockout_response(self, form: AuthenticationForm) -> HttpResponse:
        # The page says why in the user's language; axes' middleware would otherwise replace it with
        # its plain English text, so the flag is handed over here once the notice is rendered.
        self.request.axes_locked_out = False  # type: ignore[attr-defined]
        context: dict[str, Any] = self.get_context_data(form=form, locked_out=True)
        return self.render_to_response(context, status=429)


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET): a link cannot log anyone out."""
