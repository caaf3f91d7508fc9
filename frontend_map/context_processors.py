from django.core.cache import cache

from frontend_map.navigation import navigation_for


def demo_data_present() -> bool:
    """Whether synthetic (demo) features are loaded: the UI then says so on every page."""
    flag = cache.get("ui:demo-data-present")
    if flag is None:
        from addresses.models import Street

        flag = Street.objects.filter(synthetic=True).exists()
        cache.set("ui:demo-data-present", flag, 60)
    return flag


def shell(request):
    """What every page of the shell needs: the user's navigation and whether demo data is shown."""
    user = getattr(request, "user", None)
    return {
        "nav_items": navigation_for(user) if user is not None else [],
        "demo_data_present": demo_data_present(),
    }
