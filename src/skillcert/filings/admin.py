from django.contrib import admin

from skillcert.core.admin import ReadOnlyModelAdmin

from .models import FilingApplication, FilingAttachment, FilingScopeItem, FilingStep

# Filing decisions are the authority's, made through the services (audited): the admin shows.
for model in (FilingApplication, FilingAttachment, FilingScopeItem, FilingStep):
    admin.site.register(model, ReadOnlyModelAdmin)
