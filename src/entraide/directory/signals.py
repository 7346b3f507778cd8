"""Keep the directory's search text in step with category names (the categories app knows nothing of us)."""

from django.db.models.signals import post_save, pre_save

from entraide.categories.models import Category

from . import services


def remember_old_name(sender, instance: Category, **kwargs) -> None:
    if instance.pk is None:
        instance._directory_old_name = None
        return
    old = Category.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    instance._directory_old_name = old


def refresh_on_rename(sender, instance: Category, created: bool, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return
    if getattr(instance, "_directory_old_name", None) != instance.name:
        services.refresh_search_text_for_category(instance)


def connect() -> None:
    pre_save.connect(remember_old_name, sender=Category, dispatch_uid="directory_category_old_name")
    post_save.connect(refresh_on_rename, sender=Category, dispatch_uid="directory_category_renamed")
