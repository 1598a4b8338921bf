"""Pages of long listings that stay cheap far from the first page."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """Paginates a queryset by its primary keys first: the count and the cut (LIMIT/OFFSET)
    run on the keys alone, which an index answers, and only the page's keys are then read
    with the queryset's joins (select_related) or prefetches. Cutting the joined queryset
    itself would make the database join every row before the page to skip it."""

    def __init__(self, queryset, per_page, *, count=None, **kwargs):
        super().__init__(queryset.values_list("pk", flat=True), per_page, **kwargs)
        self.rows = queryset
        if count is not None:  # known already (a precomputed total): no COUNT query
            self.__dict__["count"] = count

    def _get_page(self, object_list, number, paginator):
        keys = list(object_list)
        by_key = {row.pk: row for row in self.rows.order_by().filter(pk__in=keys)}
        return super()._get_page([by_key[key] for key in keys], number, paginator)
