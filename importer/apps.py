from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Importing a contract's records from a workbook or CSV files. It sits above the apps whose
    records it fills (contracts, mentoring, funds4care); its one model, ImportRun, stays in
    contracts."""

    name = "importer"
    verbose_name = "Importing records"
