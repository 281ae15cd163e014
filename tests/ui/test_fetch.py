import pytest

from articles.fetch import FetchError, fetch_url


def test_it_refuses_to_fetch_from_the_trackers_own_server(live_server):
    # The live server listens on loopback: an import must never reach the tracker's own network.
    with pytest.raises(
        FetchError, match="is a local or private network address; only public web pages"
    ):
        fetch_url(f"{live_server.url}/healthz")


def test_it_refuses_a_scheme_the_fetcher_does_not_speak():
    with pytest.raises(FetchError, match="http:// or https://"):
        fetch_url("file:///etc/passwd")


def test_it_refuses_a_host_that_does_not_resolve():
    with pytest.raises(FetchError, match="could not be found"):
        fetch_url("http://no-such-host.invalid/story")
