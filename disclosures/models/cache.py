from django.db import models


class PublicCacheTag(models.Model):
    """The current token of one part of the public site's page cache (a report's pages, a
    department's, a region's, a year's, the listings, search, the whole site), when the page
    cache is per process (local memory): every process reads the tokens here, so a publication
    in one process (a Celery worker) reaches the pages cached by all. With a shared cache
    (CACHE_URL) the tokens live in that cache and this table stays empty.
    (disclosures.public_cache)"""

    name = models.CharField("名称", max_length=64, primary_key=True)
    token = models.CharField("令牌", max_length=32)

    class Meta:
        verbose_name = "公开页面缓存标记"
        verbose_name_plural = "公开页面缓存标记"

    def __str__(self):
        return self.name
