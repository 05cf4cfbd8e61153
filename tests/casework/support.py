from django.urls import reverse


def url(name: str, contract, **kwargs: int) -> str:
    return reverse(f"contracts:{name}", kwargs={"pk": contract.pk, **kwargs})
