from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ACCOUNTANT = "accountant", "部门会计（填报人）"
    REVIEWER = "reviewer", "财政局审核人"
    ADMIN = "admin", "系统管理员"


class User(AbstractUser):
    """A portal user with one role.

    Accountants are bound to the departments they report for; reviewers to a
    region (every department in it and below it) and/or a set of departments.
    """

    role = models.CharField("角色", max_length=16, choices=Role.choices, blank=True)
    display_name = models.CharField("姓名", max_length=64, blank=True)
    departments = models.ManyToManyField(
        "disclosures.Department",
        verbose_name="负责的部门",
        blank=True,
        related_name="users",
        help_text="会计：可填报的部门；审核人：除所辖区域外另行指定的部门。",
    )
    region = models.ForeignKey(
        "disclosures.Region",
        verbose_name="所辖区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewers",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name or self.username

    @property
    def is_accountant(self):
        return self.is_active and self.role == Role.ACCOUNTANT

    @property
    def is_reviewer(self):
        return self.is_active and self.role == Role.REVIEWER

    @property
    def is_portal_admin(self):
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)


class SignInCounter(models.Model):
    """Failed sign-ins counted for one key (a name or an account from one address, or an address).

    In the database, not the cache: every web process and machine counts into the same row,
    whatever CACHE_URL is. The key is a digest, so names typed at the sign-in form are not kept.
    """

    key = models.CharField("键", max_length=64, unique=True)
    failures = models.PositiveIntegerField("失败次数", default=0)
    window_ends = models.DateTimeField("计数截止")
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", db_index=True)

    class Meta:
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"

    def __str__(self):
        return self.key[:12]
