"""A contract's returns (included under contracts/<int:pk>/returns/, so every view gets `pk`)."""

app_name = "returns"

urlpatterns: list = []
