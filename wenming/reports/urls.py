from django.http import HttpRequest, HttpResponse
from django.urls import path


def home_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("", home_view, name="home")]
