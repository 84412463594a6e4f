from decimal import Decimal

from ninja import Schema

from wenming.core.masking import mask_phone
from wenming.sites.models import Site


class SiteOut(Schema):
    id: int
    name: str
    kind: str
    kind_display: str
    region_code: str
    region_name: str
    parent_id: int | None
    parent_name: str | None
    host_type: str
    square_type: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    opening_hours: str
    contact_name: str
    contact_phone_masked: str
    is_active: bool

    @staticmethod
    def resolve_kind_display(site: Site) -> str:
        return str(site.get_kind_display())

    @staticmethod
    def resolve_region_code(site: Site) -> str:
        return site.region.code

    @staticmethod
    def resolve_region_name(site: Site) -> str:
        return site.region.name

    @staticmethod
    def resolve_parent_name(site: Site) -> str | None:
        return site.parent.name if site.parent is not None else None

    @staticmethod
    def resolve_contact_phone_masked(site: Site) -> str:
        return mask_phone(site.contact_phone)
