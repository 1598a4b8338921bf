"""The admin's "delete selected" action, audited.

Django logs the deletion of several objects with one bulk insert of LogEntry rows, which sends
no post_save signal (receivers.py audits every single LogEntry). This action, installed
site-wide in AuditConfig.ready() under Django's name, records those deletions itself, in the
transaction that deletes them."""

from django.contrib.admin import actions
from django.contrib.admin.models import DELETION, LogEntry
from django.db import transaction


def delete_selected(modeladmin, request, queryset):
    with transaction.atomic():
        newest = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = actions.delete_selected(modeladmin, request, queryset)
        from .receivers import admin_change_record

        logged = LogEntry.objects.filter(pk__gt=newest, action_flag=DELETION, user=request.user).order_by("pk")
        # One deleted object's LogEntry was saved on its own and is audited by its post_save receiver.
        if logged.count() > 1:
            for entry in logged.select_related("content_type", "user"):
                admin_change_record(entry=entry)
    return response


delete_selected.allowed_permissions = actions.delete_selected.allowed_permissions
delete_selected.short_description = actions.delete_selected.short_description
