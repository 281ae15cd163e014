"""Helpers shared by the apps' FilterSets."""


def ids_only(model):
    # A filter that validates an id must not load the record's text.
    return model.objects.only("pk")
