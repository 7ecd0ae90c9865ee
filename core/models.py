"""Pieces of models more than one app needs (core itself has no models)."""

from django.conf import settings
from django.db import models


def member_link(verbose_name=None, on_delete=models.SET_NULL):
    """An optional link to a member that no reverse accessor names (`related_name="+"`):
    who uploaded, saved, removed, edited, reported, moderated or blocked. Kept (as NULL)
    when the member is deleted unless `on_delete` says otherwise."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name="+",
        verbose_name=verbose_name,
    )


def unique_with_optional(*fields, optional, name, null_name):
    """Constraints making (`fields`, `optional`) unique, a NULL `optional` counting as one
    value: one editor draft per author and post *or new post*, one visit count per day and
    post *or the whole blog*.

    SQL counts NULLs as all different, so a UniqueConstraint over every column lets any
    number of rows with `optional` NULL through; a second one, on the rows where it is NULL,
    closes that. (`UniqueConstraint(nulls_distinct=False)` would say it once, but only
    PostgreSQL 15 and later honour it; SQLite ignores it.) The names are the constraints'
    names in the database."""
    return [
        models.UniqueConstraint(fields=[*fields, optional], name=name),
        models.UniqueConstraint(
            fields=list(fields), condition=models.Q(**{f"{optional}__isnull": True}), name=null_name
        ),
    ]
