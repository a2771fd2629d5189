"""The deployment samples in ``deploy/`` parse, and say what the documentation relies on: systemd
units as INI with the sections and keys they need, the environment file as valid settings with safe
production defaults, the nginx configuration with balanced blocks and the directives for TLS,
forwarded headers, streamed uploads and size limits (no server is installed or started: nginx is
not on the test machines, so its own ``nginx -t`` is left to the deployment)."""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from api.cli.main import app as cli
from infra.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = DEPLOY / "systemd"
ENV_FILE = "/etc/socai/socai.env"
SOCAI = "/opt/socai/.venv/bin/socai"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys keep their case
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def socai_commands() -> set[str]:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in cli.registered_commands}
    return names | {g.name for g in cli.registered_groups if g.name}


def env_file() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "socai.env").read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not KEY=VALUE: {line!r}"
        assert key not in values, f"{key} twice"
        values[key] = value
    return values


class TestSystemdUnits:
    @pytest.mark.parametrize("name", sorted(p.name for p in UNITS.glob("*.service")))
    def test_a_service_runs_socai_with_the_settings(self, name: str) -> None:
        """[Unit] Description, [Service] with the environment file, a non-root user, a private
        umask, and an ExecStart running a `socai` command that exists."""
        u = unit(name)
        assert u["Unit"]["Description"]
        service = u["Service"]
        assert service["EnvironmentFile"] == ENV_FILE
        assert service["User"] == "socai"
        assert service["UMask"] == "0077"
        exec_start = service["ExecStart"]
        assert SOCAI in exec_start
        assert re.search(r"(?<!%)%(?!%)", exec_start) is None, "a lone % is a systemd specifier"
        commands = set(re.findall(rf"{re.escape(SOCAI)} ([a-z-]+)", exec_start))
        missing = commands - socai_commands()
        assert not missing, f"{name} runs socai {missing}, which does not exist"

    def test_the_api_restarts_and_starts_at_boot(self) -> None:
        u = unit("socai-serve.service")
        assert u["Service"]["ExecStart"] == f"{SOCAI} serve"
        assert u["Service"]["Restart"] == "on-failure"
        assert u["Install"]["WantedBy"] == "multi-user.target"

    @pytest.mark.parametrize("name", sorted(p.name for p in UNITS.glob("*.timer")))
    def test_a_timer_starts_a_oneshot_service(self, name: str) -> None:
        """Each timer has a calendar, names an existing one-shot service, and is wanted by
        timers.target."""
        u = unit(name)
        assert u["Timer"]["OnCalendar"]
        assert u["Timer"]["Persistent"] == "true"
        target = u["Timer"]["Unit"]
        assert (UNITS / target).exists()
        assert unit(target)["Service"]["Type"] == "oneshot"
        assert u["Install"]["WantedBy"] == "timers.target"

    def test_verify_fixity_and_backup_have_timers(self) -> None:
        timers = {unit(p.name)["Timer"]["Unit"] for p in UNITS.glob("*.timer")}
        assert {"socai-verify.service", "socai-fixity.service", "socai-backup.service"} <= timers

    def test_verify_pins_a_key_kept_outside_the_key_directory(self) -> None:
        exec_start = unit("socai-verify.service")["Service"]["ExecStart"]
        assert "--key /etc/socai/" in exec_start


class TestEnvironmentFile:
    def test_every_line_is_a_setting_and_they_validate(self) -> None:
        """Only known SOCAI_* names; together they make valid settings."""
        values = env_file()
        fields = {f"SOCAI_{name.upper()}" for name in Settings.model_fields}
        assert set(values) <= fields, set(values) - fields
        settings = Settings(**{k.removeprefix("SOCAI_").lower(): v for k, v in values.items()})
        assert settings.environment == "production"
        assert not settings.docs_enabled
        assert settings.is_postgres
        assert settings.host == "127.0.0.1"
        assert not settings.keys_path.is_relative_to(settings.data_dir)

    def test_docs_are_off_in_production_unless_asked(self) -> None:
        assert not Settings(environment="production").docs_enabled
        assert Settings(environment="production", api_docs=True).docs_enabled
        assert Settings().docs_enabled


# nginx ---------------------------------------------------------------------------------------------


@dataclass
class Block:
    """A directive and, for a block, what is inside it."""

    name: str
    args: list[str]
    children: list[Block] = field(default_factory=list)

    def all(self, name: str) -> list[Block]:
        return [c for c in self.children if c.name == name]

    def one(self, name: str) -> Block:
        found = self.all(name)
        assert len(found) == 1, f"{self.name} {self.args}: {len(found)} × {name}"
        return found[0]

    def values(self, name: str) -> list[list[str]]:
        return [c.args for c in self.all(name)]


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[{};]|[^\s{};"\']+')


def parse_nginx(text: str) -> Block:
    """A small parser: comments dropped, quoted strings kept whole, blocks nested; unbalanced
    braces or a directive without its ``;`` are refused."""
    text = "\n".join(line.split("#", 1)[0] if not line.strip().startswith("#") else ""
                     for line in text.splitlines())
    root = Block("", [])
    stack, words = [root], []
    for token in _TOKEN.findall(text):
        if token == ";":
            assert words, "an empty directive"
            stack[-1].children.append(Block(words[0], words[1:]))
            words = []
        elif token == "{":
            assert words, "a block without a name"
            block = Block(words[0], words[1:])
            stack[-1].children.append(block)
            stack.append(block)
            words = []
        elif token == "}":
            assert not words, f"directive {words} lacks its ';'"
            assert len(stack) > 1, "a '}' without its '{'"
            stack.pop()
        else:
            words.append(token.strip("\"'"))
    assert len(stack) == 1, "a '{' without its '}'"
    assert not words, f"directive {words} lacks its ';'"
    return root


def size_bytes(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    return int(text[:-1]) * units[text[-1].lower()] if text[-1].isalpha() else int(text)


@pytest.fixture(scope="module")
def nginx() -> Block:
    return parse_nginx((DEPLOY / "nginx" / "socai.conf").read_text("utf-8"))


def tls_server(conf: Block) -> Block:
    return next(s for s in conf.all("server") if any("443" in a for a in s.values("listen")[0]))


def location(server: Block, *args: str) -> Block:
    return next(loc for loc in server.all("location") if loc.args == list(args))


class TestNginx:
    def test_the_parser_refuses_unbalanced_braces(self) -> None:
        with pytest.raises(AssertionError):
            parse_nginx("server { location / { proxy_pass http://x; }")
        with pytest.raises(AssertionError):
            parse_nginx("server { listen 80 }")

    def test_plain_http_redirects_to_https(self, nginx: Block) -> None:
        plain = next(s for s in nginx.all("server") if ["80"] in s.values("listen"))
        assert plain.one("return").args[0] == "301"
        assert plain.one("return").args[1].startswith("https://")

    def test_tls_with_a_certificate_and_modern_protocols(self, nginx: Block) -> None:
        server = tls_server(nginx)
        assert all("ssl" in listen for listen in server.values("listen"))
        assert server.one("ssl_certificate").args
        assert server.one("ssl_certificate_key").args
        assert set(server.one("ssl_protocols").args) <= {"TLSv1.2", "TLSv1.3"}
        assert any(h[0] == "Strict-Transport-Security" for h in server.values("add_header"))

    def test_forwarded_headers_and_the_upstream(self, nginx: Block) -> None:
        """The API sees the client's address and scheme, and the proxy reaches the API where the
        environment file binds it."""
        server = tls_server(nginx)
        headers = {args[0]: args[1] for args in server.values("proxy_set_header")}
        assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
        assert headers["X-Forwarded-Proto"] == "$scheme"
        upstream = nginx.one("upstream")
        env = env_file()
        assert upstream.one("server").args[0] == f"{env['SOCAI_HOST']}:{env['SOCAI_PORT']}"

    def test_request_sizes_match_the_settings(self, nginx: Block) -> None:
        """JSON bodies are limited like SOCAI_MAX_BODY_BYTES; uploads are streamed, unbuffered,
        up to SOCAI_MAX_ATTACHMENT_BYTES."""
        server = tls_server(nginx)
        env = env_file()
        assert size_bytes(server.one("client_max_body_size").args[0]) == \
            int(env["SOCAI_MAX_BODY_BYTES"])
        uploads = location(server, "/archive/uploads/")
        assert uploads.one("proxy_request_buffering").args == ["off"]
        assert size_bytes(uploads.one("client_max_body_size").args[0]) == \
            int(env["SOCAI_MAX_ATTACHMENT_BYTES"])

    def test_health_and_docs_are_closed_to_the_outside(self, nginx: Block) -> None:
        server = tls_server(nginx)
        health = location(server, "=", "/healthz")
        docs = location(server, "~", "^/(docs|redoc|openapi\\.json)$")
        for loc in (health, docs):
            assert loc.values("deny") == [["all"]]
            assert loc.all("allow")
