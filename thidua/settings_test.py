"""Test settings: fast hashing, in-memory caches, no lockout state between tests."""

from thidua.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run inside the request that queues them (after its commit): tests see their effect at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Uploaded and generated files of a test run go to a throwaway folder, never into var/media.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="thidua-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
