"""Where the shared worked examples are: ../shared/spec/example beside the project, as on every
developer machine and in CI (TAMAR_SHARED names another place)."""

import os
from pathlib import Path

from django.conf import settings

SHARED = Path(os.environ.get("TAMAR_SHARED", Path(settings.BASE_DIR).parent / "shared"))
EXAMPLES = SHARED / "spec" / "example"
