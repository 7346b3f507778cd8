"""Host names: one territory per host name, instance-wide, changed by instance operators only."""

import pytest
from django.db import IntegrityError, transaction

from entraide.territories.models import Territory, TerritoryHost
from entraide.territories.services import TerritoryError, add_hosts

from ..factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _change_form(territory: Territory, **changes) -> dict:
    data = {
        "name": territory.name,
        "slug": territory.slug,
        "kind": territory.kind,
        "epci_siren": territory.epci_siren,
        "contact_phone": territory.contact_phone,
        "legal_notice": territory.legal_notice,
        "privacy_policy": territory.privacy_policy,
        "retention_years": territory.retention_years,
        "accessibility_status": territory.accessibility_status,
        # What the host names inline would post, were it shown.
        "hosts-TOTAL_FORMS": "1",
        "hosts-INITIAL_FORMS": "0",
        "hosts-MIN_NUM_FORMS": "0",
        "hosts-MAX_NUM_FORMS": "1000",
        "hosts-0-name": "b.example.org",
        "hosts-0-territory": territory.pk,
    }
    data.update(changes)
    return data


def test_the_database_refuses_a_host_name_serving_two_territories(territory, other_territory):
    with pytest.raises(IntegrityError), transaction.atomic():
        TerritoryHost.objects.create(territory=territory, name="b.example.org")
    # Spelt differently, it is the same host name once normalised.
    with pytest.raises(IntegrityError), transaction.atomic():
        TerritoryHost.objects.create(territory=territory, name="B.Example.org.:443")


def test_the_database_refuses_a_host_name_stored_unnormalised(territory):
    host = TerritoryHost.objects.get(name="a.example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        TerritoryHost.objects.filter(pk=host.pk).update(name="A.example.org")


def test_for_host_finds_the_one_territory_whatever_the_order_of_names(territory, other_territory):
    # Names that contain one another: a substring search would have matched both.
    third = TerritoryFactory(name="Aaa premier par le nom", slug="troisieme", hostnames="xa.example.org")
    assert Territory.objects.for_host("a.example.org") == territory
    assert Territory.objects.for_host("A.EXAMPLE.ORG:8000") == territory
    assert Territory.objects.for_host("xa.example.org") == third
    assert Territory.objects.for_host("b.example.org.") == other_territory
    assert Territory.objects.for_host("example.org") is None


def test_creating_a_territory_refuses_a_host_name_of_another(territory, other_territory):
    with pytest.raises(TerritoryError, match="Ailleurs"):
        add_hosts(territory, ["B.example.org"])
    assert other_territory.hostname_list == ["b.example.org"]


def test_a_territory_administrator_neither_sees_nor_changes_host_names(client_for, administrator, territory):
    client = client_for(administrator)
    url = f"/admin/territories/territory/{territory.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "a.example.org" not in page.text
    assert "hosts-TOTAL_FORMS" not in page.text
    response = client.post(url, _change_form(territory, retention_years="5"))
    assert response.status_code == 302
    territory.refresh_from_db()
    assert territory.retention_years == 5  # what is theirs to change, they change
    assert territory.hostname_list == ["a.example.org"]
    assert Territory.objects.for_host("b.example.org").slug == "ailleurs"
    assert client.get("/admin/territories/territoryhost/").status_code == 404


def test_a_territory_administrator_cannot_affect_another_territory_through_the_admin(
    client_for, administrator, other_territory
):
    client = client_for(administrator)
    url = f"/admin/territories/territory/{other_territory.pk}/change/"
    assert client.get(url).status_code in (302, 404)
    client.post(url, _change_form(other_territory, name="Prise", retention_years="1"))
    assert client.post(f"/admin/territories/territory/{other_territory.pk}/delete/", {"post": "yes"})
    assert client.get("/admin/territories/territory/add/").status_code == 403
    client.post("/admin/territories/territory/add/", _change_form(other_territory, slug="nouveau"))
    other_territory.refresh_from_db()
    assert other_territory.name == "Ailleurs" and other_territory.retention_years == 3
    assert other_territory.hostname_list == ["b.example.org"]
    assert set(Territory.objects.values_list("slug", flat=True)) == {"ailleurs", "coufouleux"}
    listing = client.get("/admin/territories/territory/")
    assert "Ailleurs" not in listing.text


def test_an_instance_operator_changes_host_names_and_is_told_of_a_taken_one(
    client, territory, other_territory
):
    operator = UserFactory(territory=None, commune=None, neighbourhood=None, is_superuser=True, is_staff=True)
    client.force_login(operator)
    url = f"/admin/territories/territory/{territory.pk}/change/"
    host = TerritoryHost.objects.get(name="a.example.org")
    data = _change_form(territory)
    data.update(
        {
            "hosts-TOTAL_FORMS": "2",
            "hosts-INITIAL_FORMS": "1",
            "hosts-0-id": host.pk,
            "hosts-0-name": "a.example.org",
            "hosts-1-name": "B.example.org",
            "hosts-1-territory": territory.pk,
        }
    )
    response = client.post(url, data, HTTP_HOST="a.example.org")
    assert response.status_code == 200
    assert "Ce nom d’hôte sert déjà un territoire." in response.text
    assert other_territory.hostname_list == ["b.example.org"]
    data["hosts-1-name"] = "Entraide.Coufouleux.fr"
    assert client.post(url, data, HTTP_HOST="a.example.org").status_code == 302
    assert territory.hostname_list == ["a.example.org", "entraide.coufouleux.fr"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_a_host_name_listed_twice_to_the_territory_that_served_it():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("territories", "0001_initial")], [("territories", "0002_host_names_and_retention")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("territories", "Territory")
    old.objects.create(slug="b", name="Bbb", hostnames="Shared.example.org\nb.example.org.")
    old.objects.create(slug="a", name="Aaa", hostnames="shared.example.org:443 a.example.org")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    hosts = dict(TerritoryHost.objects.values_list("name", "territory__slug"))
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # whatever depended on 0001 comes back
    assert hosts == {"shared.example.org": "a", "a.example.org": "a", "b.example.org": "b"}
