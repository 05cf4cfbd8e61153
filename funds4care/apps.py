from django.apps import AppConfig


class Funds4CareConfig(AppConfig):
    name = "funds4care"
    verbose_name = "Funds4 Care grants"
