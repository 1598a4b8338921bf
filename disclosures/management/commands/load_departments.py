from django.core.management.base import CommandError

from disclosures.management.base import WorkCommand


class Command(WorkCommand):
    help = "Create or update departments and units from the unit directory (.xlsx or .csv), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the directory: 单位代码, 单位名称, 上级单位代码, 区划代码, 区划名称, …")
        parser.add_argument("--dry-run", action="store_true", help="only print the changes, write nothing")

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.directory.plan import directory_plan
        from disclosures.directory.reader import DirectoryError, directory_read
        from disclosures.directory.services import directory_apply

        path = options["file"]
        try:
            with open(path, "rb") as fh:
                directory = directory_read(fileobj=fh, filename=path)
            plan = directory_plan(directory=directory) if options["dry_run"] else directory_apply(directory=directory)
        except OSError as exc:
            raise CommandError(f"无法打开文件：{exc}") from exc
        except DirectoryError as exc:
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(exc.problems)) from exc
        if plan.problems:
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(plan.problems))
        for region in plan.regions:
            self.stdout.write(f"新建区域 {region.code} {region.name}" + (f"（上级：{region.parent}）" if region.parent else ""))
        for change in plan.creates:
            self.stdout.write(f"新建单位 {change.code} {change.name}")
        for change in plan.updates:
            fields = "；".join(f"{f.label}：{f.before or '（空）'} → {f.after or '（空）'}" for f in change.changes)
            self.stdout.write(f"更新单位 {change.code} {change.name}：{fields}")
        verb = "将" if options["dry_run"] else "已"
        self.stdout.write(
            f"{verb}新建 {len(plan.creates)} 个单位、更新 {len(plan.updates)} 个、新建 {len(plan.regions)} 个区域；"
            f"{plan.unchanged} 个未变，目录未列出的 {plan.not_listed} 个单位保持不变。"
            + ("（试运行，未写入）" if options["dry_run"] else "")
        )
