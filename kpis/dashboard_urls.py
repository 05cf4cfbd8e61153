"""The commissioner's dashboard across their contracts (included under dashboard/)."""

app_name = "dashboard"

urlpatterns: list = []
