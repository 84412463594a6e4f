"""The region list is the tree in depth-first order, indented by level, and scoped to the subtree."""

from tests.admin.conftest import change_url, changelist_url
from wenming.regions.models import Region
from wenming.regions.roles import Role


def test_region_list_is_the_indented_tree(client, county, superuser):
    client.force_login(superuser)
    response = client.get(changelist_url(Region))
    admin = response.context["cl"].model_admin
    names = [admin.tree_name(region) for region in response.context["cl"].result_list]
    assert names == [
        "黑龙江省",
        "\u3000└ 伊春市",
        "\u3000\u3000└ 铁力市",
        "\u3000\u3000\u3000└ 铁力镇",
        "\u3000\u3000\u3000\u3000└ 东兴村",
        "\u3000\u3000\u3000\u3000└ 西林村",
    ]


def test_township_admin_lists_its_subtree_and_searches_by_code(client, county):
    client.force_login(county.users[Role.TOWNSHIP_ADMIN])
    listing = client.get(changelist_url(Region))
    searched = client.get(changelist_url(Region), {"q": "230781100202"})
    assert [region.code for region in listing.context["cl"].result_list] == [
        "230781100",
        "230781100201",
        "230781100202",
    ]
    assert [region.name for region in searched.context["cl"].result_list] == ["西林村"]


def test_code_and_parent_are_fixed_once_a_region_exists(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    response = client.get(change_url(county.village))
    assert {"code", "parent"}.isdisjoint(response.context["adminform"].form.fields)
