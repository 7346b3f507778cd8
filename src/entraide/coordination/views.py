from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def space(request: HttpRequest) -> HttpResponse:
    return render(request, "coordination/space.html")
