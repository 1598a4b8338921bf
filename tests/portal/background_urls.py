"""A URL configuration for tests only: a view that starts a background job and says what it saw."""

from django.http import JsonResponse
from django.urls import path

from portal.background import background_jobs, job_start

RAN = []


def start(request):
    lane = request.GET["lane"]
    how = job_start(RAN.append, lane, lane=lane, name="record")
    return JsonResponse({"how": how, "handed_over": background_jobs(), "ran": list(RAN)})


urlpatterns = [path("start/", start)]
