from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """count / next / previous / results; `page` and `page_size` (at most 500)."""

    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = "页码无效。"
