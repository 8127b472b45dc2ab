"""One `Settings` object for the whole service.

Values come from `SUPPLIERBOT_*` environment variables, then an optional TOML file named
by `SUPPLIERBOT_CONFIG` (environment wins). A bad value stops start-up with one line that
names the setting, instead of a traceback.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from scheduler.escalation import parse_ack_timeouts  # the ladders' own reading of `ack_timeouts`

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./supplierbot.db"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MIN_API_TOKEN_CHARS = 24  # the master token signs sessions and opens the API: never guessable


def parse_networks(text: str) -> tuple[Network, ...]:
    """`10.0.0.1, 192.168.0.0/16` -> networks; raises ValueError naming the bad entry."""
    networks: list[Network] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network (e.g. 127.0.0.1 or 10.0.0.0/8)") from None
    return tuple(networks)


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and says what is expected."""


class Settings(BaseSettings):
    """Everything the service can be told. Platform groups are off while their secrets are empty."""

    model_config = SettingsConfigDict(env_prefix="SUPPLIERBOT_", extra="ignore", case_sensitive=False)

    database_url: str = DEFAULT_DATABASE_URL
    # SQLite: where accepted messages wait for processing, on a writer of their own ("" = beside the
    # database, `supplierbot.db` -> `supplierbot-inbox.db`; a path; or "off" = in the main database)
    inbox_file: str = ""
    inbox_pool_size: int = Field(default=4, ge=1, le=50)  # PostgreSQL: connections only storing uses
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=1, le=65535)
    public_url: str = ""  # https://bot.example.com: where platforms reach our webhooks
    timezone: str = "Asia/Shanghai"
    language: Literal["zh", "en"] = "zh"
    api_token: SecretStr = SecretStr("")
    photo_dir: Path = Path("./var/photos")
    photo_max_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"
    simulator: bool = False
    scheduler: bool = True
    scheduler_interval_seconds: float = Field(default=60.0, ge=0.2)  # how often each replica asks what is due
    outbox_lease_seconds: float = Field(default=60.0, ge=1.0)  # how long a replica may hold a message it sends
    working_days: str = "mon,tue,wed,thu,fri"
    holidays: str = ""  # comma-separated ISO dates
    prompt_time: str = "09:30"
    digest_time: str = "08:30"
    quiet_hours: str = "20:00-08:00"
    # how long an acknowledged exception may stay open before it returns to the escalation ladder,
    # per order priority, in working days (d) or hours (h), or never; unnamed priorities keep the
    # built-in ladders' (normal 5d, high 2d, urgent 1d)
    ack_timeouts: str = ""
    undo_window_minutes: int = Field(default=30, ge=0)
    # messages processed in one transaction; 0: the engine's own (bot.pipeline.InboundPipeline.process_pending)
    processing_batch: int = Field(default=0, ge=0)
    # `serve` runs processing, the outbox, the scheduler and events out in a second process of its
    # own (`supplierbot work`), so their CPU work never delays a webhook; "auto" (empty): on, except
    # with the chat simulator and the WeCom AI bot's long connection (see runs_background_process)
    background_process: Literal["", "auto", "on", "off", "true", "false"] = ""
    # how much lower the work process's CPU priority is than the edge's (nice): when both want a
    # core, a webhook's few milliseconds go first and the batch or the digest waits them out
    background_niceness: int = Field(default=0, ge=0, le=19)
    # the name this process leases outbox and event rows under; empty: a random one a process. The
    # edge sets it for each work process it starts, to give back at once the leases of one that dies
    # (bot.background): else its rows waited for the lease to run out (outbox_lease_seconds, 60 s)
    lease_owner: str = Field(default="", max_length=80)
    retention_days: int = Field(default=730, ge=1)
    trusted_proxies: str = ""  # addresses/networks of our reverse proxies: only they may set X-Forwarded-*
    form_max_bytes: int = Field(default=64 * 1024, ge=1024)  # body limit of every route but webhooks and uploads
    metrics_token: SecretStr = SecretStr("")  # when set, /metrics wants it as a bearer token
    # how long a report page's figures (/suppliers, /quality, /kpis, the monthly report) are served
    # as computed before a request refreshes them in the background (bot.web.page_cache); 0: every
    # request computes them, as before
    report_max_age_seconds: float = Field(default=60.0, ge=0)
    # how much older than that they may still be served while the refresh runs; older, a request
    # waits for fresh figures (a page not opened since yesterday never shows yesterday's)
    report_stale_seconds: float = Field(default=600.0, ge=0)
    # report pages' figures computed ahead of requests, in the render processes (bot.web.page_cache):
    # each page's default view once the service is ready, and the last `report_warm_keys` pages people
    # asked for (kept a day), refreshed before they pass the stale allowance. Off: the first request
    # of a page computes it, and one not asked for longer than the allowance
    report_warm: bool = True
    report_warm_keys: int = Field(default=12, ge=0, le=24)
    # processes that compute report pages beside the service (bot.web.rendering); unset: one a core,
    # two at most; 0: none (a replica that only answers webhooks), a page is computed in the service
    render_processes: int | None = Field(default=None, ge=0, le=16)

    telegram_token: SecretStr = SecretStr("")
    telegram_webhook_secret: SecretStr = SecretStr("")
    telegram_api_base: str = "https://api.telegram.org"
    telegram_mode: Literal["webhook", "polling"] = "webhook"
    # The Bot API client's time-outs (PTB's HTTPXRequest: connect, read, write, waiting for a pooled
    # connection; photo uploads get at least 20 s to write) and the photo download's whole time-out.
    telegram_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    telegram_read_timeout_seconds: float = Field(default=5.0, gt=0)
    telegram_write_timeout_seconds: float = Field(default=5.0, gt=0)
    telegram_pool_timeout_seconds: float = Field(default=1.0, gt=0)
    telegram_download_timeout_seconds: float = Field(default=60.0, gt=0)

    wecom_corp_id: str = ""
    wecom_agent_id: int = 0
    wecom_secret: SecretStr = SecretStr("")
    wecom_token: SecretStr = SecretStr("")
    wecom_aes_key: SecretStr = SecretStr("")
    wecom_api_base: str = "https://qyapi.weixin.qq.com/cgi-bin/"
    wecom_robot_base: str = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
    wecom_timeout_seconds: float = Field(default=10.0, gt=0)  # one JSON API call (token, send)
    wecom_download_timeout_seconds: float = Field(default=60.0, gt=0)  # one photo (media/get, AI-bot media)

    wecom_bot_mode: Literal["long_connection", "webhook"] = "long_connection"
    wecom_bot_id: str = ""
    wecom_bot_secret: SecretStr = SecretStr("")
    wecom_bot_ws_url: str = "wss://openws.work.weixin.qq.com"
    wecom_bot_token: SecretStr = SecretStr("")  # webhook mode
    wecom_bot_aes_key: SecretStr = SecretStr("")  # webhook mode: EncodingAESKey, also decrypts media
    wecom_bot_per_minute: int = Field(default=20, ge=1)  # sends per chat per minute (none published)
    wecom_bot_name: str = ""  # the bot's display name: "@name" is stripped wherever it stands
    wecom_bot_ca_file: str = ""  # extra CA bundle for the wss connection (networks with a TLS-inspecting proxy)

    # Kingdee K/3 Cloud (金蝶云星空) WebAPI, through Kingdee's SDK (docs/erp/kingdee.md). On when the
    # server URL, account (数据中心), user and app (第三方系统登录授权: app id + app secret) are set.
    kingdee_server_url: str = ""  # e.g. https://erp.example.com/k3cloud/
    kingdee_acct_id: str = ""
    kingdee_user_name: str = ""
    kingdee_app_id: str = ""
    kingdee_app_secret: SecretStr = SecretStr("")
    kingdee_lcid: int = 2052
    kingdee_org_num: int = Field(default=0, ge=0)
    kingdee_form_id: str = "SUB_SUBREQORDER"  # or PUR_PurchaseOrder with kingdee_filter = "FBusinessType='WW'"
    kingdee_fields: dict[str, str] = Field(default_factory=dict)  # our name -> field key, over the form's defaults
    kingdee_filter: str = ""  # one more FilterString clause, ANDed with audited-and-modified-since
    kingdee_closed_values: str = ""  # line status values that mean closed; "" the form's default
    kingdee_process: str = ""  # process template of the orders it creates ("" the default template)
    kingdee_page_size: int = Field(default=2000, ge=1, le=2000)  # ExecuteBillQuery gives at most 2,000 rows a call
    kingdee_timeout_seconds: float = Field(default=30.0, gt=0)
    kingdee_sync_minutes: float = Field(default=0.0, ge=0)  # scheduled pull every N minutes; 0: only `supplierbot sync`

    # DingTalk: an enterprise internal app's robot in Stream mode (docs/platforms/dingtalk.md)
    dingtalk_client_id: str = ""  # the app's Client ID (formerly AppKey)
    dingtalk_client_secret: SecretStr = SecretStr("")  # the app's Client Secret (formerly AppSecret)
    dingtalk_robot_code: str = ""  # the robot's RobotCode; empty: the client id (they are equal for internal apps)
    dingtalk_api_base: str = "https://api.dingtalk.com"  # OpenAPI and the Stream handshake (tests: a loopback fake)
    dingtalk_card_template_id: str = ""  # an interactive card template for buttons; empty: ActionCards

    feishu_app_id: str = ""  # Feishu/Lark self-built app (企业自建应用): App ID (cli_…)
    feishu_app_secret: SecretStr = SecretStr("")
    feishu_domain: str = "feishu"  # feishu | lark | a base URL (tests, private deployments)

    # Outbound events: webhooks are registered with `supplierbot webhooks add` (kept in the database)
    events_poll_seconds: float = Field(default=5.0, ge=0.2)  # how often new records become events and are sent
    events_max_attempts: int = Field(default=20, ge=1)  # ~10 h of back-off, then a dead letter (`webhooks retry`)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)  # one POST to a receiver

    # Jiandaoyun (简道云) API v5: where reports, receipts, inspections and exceptions are written
    jiandaoyun_api_key: SecretStr = SecretStr("")  # 开放平台 > 密钥管理 > API KEY, sent as a Bearer token
    jiandaoyun_api_base: str = "https://api.jiandaoyun.com"
    jiandaoyun_app_id: str = ""
    jiandaoyun_entry_id: str = ""
    jiandaoyun_field_map: dict[str, str] = Field(default_factory=dict)  # our key -> the form's field (widget or alias)
    jiandaoyun_events: str = ("report.recorded,lot.received,inspection.recorded,"
                              "exception.opened,exception.acknowledged,exception.resolved")
    jiandaoyun_requests_per_second: float = Field(default=10.0, gt=0, le=50)  # batch_create's documented limit
    # ... and where orders come from: the form's data push (数据推送), signed with this secret
    jiandaoyun_push_secret: SecretStr = SecretStr("")
    jiandaoyun_push_max_age_seconds: int = Field(default=300, ge=10)  # an older (or replayed) push is refused
    jiandaoyun_order_fields: dict[str, str] = Field(default_factory=dict)  # our order field -> the pushed key

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get("SUPPLIERBOT_CONFIG")
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r} (e.g. Asia/Shanghai)") from exc
        return value

    @field_validator("ack_timeouts")
    @classmethod
    def _ack_timeouts(cls, value: str) -> str:
        parse_ack_timeouts(value)
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        parse_networks(value)
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db")
        return value

    @field_validator("wecom_bot_ws_url")
    @classmethod
    def _secure_websocket(cls, value: str) -> str:
        if not value.startswith("wss://"):
            raise ValueError("use a wss:// URL (the AI-bot SDK always passes a TLS context, which ws:// refuses)")
        return value

    @field_validator("feishu_domain")
    @classmethod
    def _feishu_domain(cls, value: str) -> str:
        if value.strip().lower() in ("feishu", "lark") or re.fullmatch(r"https?://[^/\s]+/?", value.strip()):
            return value.strip()
        raise ValueError("use feishu, lark or a base URL such as https://open.feishu.cn")

    @field_validator("wecom_bot_aes_key")
    @classmethod
    def _encoding_aes_key(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value() and len(value.get_secret_value()) != 43:
            raise ValueError("the EncodingAESKey has 43 characters")
        return value

    @model_validator(mode="after")
    def _telegram_webhook_needs_a_secret(self) -> Settings:
        if self.telegram_enabled and self.telegram_mode == "webhook":
            secret = self.telegram_webhook_secret.get_secret_value()
            if not secret:
                raise ValueError(
                    "SUPPLIERBOT_TELEGRAM_WEBHOOK_SECRET is required in webhook mode "
                    "(1-256 of A-Z a-z 0-9 _ -), or set SUPPLIERBOT_TELEGRAM_MODE=polling"
                )
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token.get_secret_value())

    @property
    def wecom_enabled(self) -> bool:
        return bool(self.wecom_corp_id and self.wecom_token.get_secret_value()
                    and self.wecom_aes_key.get_secret_value())

    @property
    def wecom_bot_enabled(self) -> bool:
        if self.wecom_bot_mode == "webhook":
            return bool(self.wecom_bot_token.get_secret_value() and self.wecom_bot_aes_key.get_secret_value())
        return bool(self.wecom_bot_id and self.wecom_bot_secret.get_secret_value())

    @property
    def kingdee_enabled(self) -> bool:
        return bool(self.kingdee_server_url and self.kingdee_acct_id and self.kingdee_user_name
                    and self.kingdee_app_id and self.kingdee_app_secret.get_secret_value())

    @property
    def dingtalk_enabled(self) -> bool:
        return bool(self.dingtalk_client_id and self.dingtalk_client_secret.get_secret_value())

    @property
    def feishu_enabled(self) -> bool:
        return bool(self.feishu_app_id and self.feishu_app_secret.get_secret_value())

    @property
    def jiandaoyun_enabled(self) -> bool:
        """Pushing into Jiandaoyun is on once an API key is set (`doctor` names what else is missing)."""
        return bool(self.jiandaoyun_api_key.get_secret_value())

    @property
    def jiandaoyun_push_enabled(self) -> bool:
        return bool(self.jiandaoyun_push_secret.get_secret_value())

    def weak_api_token(self) -> str | None:
        """Why the API token is too weak for a real install, or None (demo installs are exempt)."""
        token = self.api_token.get_secret_value()
        if token and len(token) < MIN_API_TOKEN_CHARS:
            return (f"SUPPLIERBOT_API_TOKEN has {len(token)} characters; use at least {MIN_API_TOKEN_CHARS} "
                    "random ones (e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)")
        return None

    @property
    def trusted_proxy_networks(self) -> tuple[Network, ...]:
        return parse_networks(self.trusted_proxies)

    @property
    def runs_background_process(self) -> bool:
        """Whether `serve` starts the background work in a process of its own (see `background_process`)."""
        if self.background_process in ("on", "true"):
            return True
        if self.background_process in ("off", "false"):
            return False
        # auto: one process with the simulator (its replies live in memory) and with the WeCom AI
        # bot's long connection, whose replies must leave from the edge that holds it: processing
        # in the same process wakes that sender at once, where a work process would leave every
        # reply to its next poll, and a replica without the connection may take it first.
        return not self.simulator and not self.wecom_bot_long_connection

    @property
    def wecom_bot_long_connection(self) -> bool:
        """The WeCom AI bot receives and replies over a long connection that the serving process holds."""
        return bool(self.wecom_bot_enabled and self.wecom_bot_mode == "long_connection")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning validation errors into one readable `SettingsError`."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = str(error["msg"]).removeprefix("Value error, ")
            if error["loc"]:
                message = "SUPPLIERBOT_" + "_".join(str(p) for p in error["loc"]).upper() + ": " + message
            problems.append(message)
        raise SettingsError("bad setting " + "; ".join(problems)) from None
    except (OSError, ValueError) as exc:
        raise SettingsError(f"cannot read settings: {exc}") from None
