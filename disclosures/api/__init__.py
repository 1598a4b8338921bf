"""A read-only JSON API over published reports, described by an OpenAPI document.

Plain Django views returning JsonResponse: four read-only resources do not need a framework.
"""
