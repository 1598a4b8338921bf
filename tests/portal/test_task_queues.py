"""Workers scale by queue: renders and the 公开检查's checks go to the queues the settings name
(PDF_RENDER_QUEUE, INSPECTION_CHECK_QUEUE), every route names a registered task, and the compose
file's worker consumes every queue its environment names. The messages are sent for real, to
Celery's in-memory broker, in processes of their own (the suite runs tasks eagerly)."""

import json
import subprocess
import sys

import yaml

SEND = """
import json, django
django.setup()
from django.conf import settings
from portal.celery import app
from disclosures.tasks import enqueue_render
from reviews.inspections.tasks import enqueue_check

app.conf.task_always_eager = False  # send, do not run: to the in-memory broker (no REDIS_URL)
app.loader.import_default_modules()  # what a worker registers when it starts
enqueue_render(101)
enqueue_check(202)
with app.connection_for_read() as connection:
    channel = connection.default_channel
    waiting = {}
    for queue in ("celery", "renders", "checks"):
        channel.queue_declare(queue, durable=True, auto_delete=False)
        waiting[queue] = []
        while (message := channel.basic_get(queue)) is not None:
            waiting[queue].append(message.headers["task"])
print(json.dumps({
    "routes": {task: route["queue"] for task, route in settings.CELERY_TASK_ROUTES.items()},
    "registered": sorted(name for name in app.tasks if not name.startswith("celery.")),
    "waiting": waiting,
}))
"""


def send(subprocess_env, project_root, **queues):
    env = subprocess_env(REDIS_URL=None, CACHE_URL=None, PDF_RENDER_QUEUE=None, INSPECTION_CHECK_QUEUE=None)
    env.update(queues)
    result = subprocess.run([sys.executable, "-c", SEND], cwd=project_root, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_renders_and_checks_go_to_the_queues_the_settings_name(subprocess_env, project_root):
    found = send(subprocess_env, project_root, PDF_RENDER_QUEUE="renders", INSPECTION_CHECK_QUEUE="checks")
    assert found["routes"] == {"disclosures.render_document": "renders", "reviews.check_inspected_file": "checks"}
    assert set(found["routes"]) <= set(found["registered"])
    assert found["waiting"] == {"celery": [], "renders": ["disclosures.render_document"], "checks": ["reviews.check_inspected_file"]}


def test_without_queue_names_everything_goes_to_the_default_queue(subprocess_env, project_root):
    found = send(subprocess_env, project_root)
    assert found["routes"] == {}
    assert found["waiting"] == {"celery": ["disclosures.render_document", "reviews.check_inspected_file"], "renders": [], "checks": []}


def test_the_compose_worker_consumes_every_queue_the_stack_names(project_root):
    stack = yaml.safe_load((project_root / "docker-compose.yml").read_text())
    environment = stack["x-portal"]["environment"]
    named = {environment["PDF_RENDER_QUEUE"], environment["INSPECTION_CHECK_QUEUE"]}
    assert named == {"renders", "checks"}
    command = stack["services"]["worker"]["command"]
    consumed = set(command[command.index("-Q") + 1].split(","))
    assert named | {"celery"} <= consumed  # "celery": the default queue (the sweepers, publication, the audit anchor)
