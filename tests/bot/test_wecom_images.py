"""Images go out as images on WeCom: `media/upload` (multipart) then an `image` message with the
media_id for the app's 1:1 chats and app groups; base64 + md5 for group robots. Checked on the
wire log of the loopback fake, with a real multi-MB camera-sized photo."""

from __future__ import annotations

import base64
import hashlib
import io
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.adapters.wecom_adapter import WeComChannel
from bot.clock import FakeClock
from bot.ports import ChatKind, ChatRef, Platform, Reply
from storage.photo_store import PhotoStore
from tests.fakes.wecom_api import FakeWeComAPI, Fault

ROBOT_KEY = "693a91f6-7a0c-4bc4-97a0-0ec2bfa5aaa1"


def noisy_jpeg(width: int, height: int, seed: int = 7) -> bytes:
    """A photo that does not compress: a few MB, like a phone's inspection photo."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.fixture
async def api() -> AsyncIterator[FakeWeComAPI]:
    async with FakeWeComAPI(robot_keys={ROBOT_KEY}) as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path / "photos", max_bytes=20 * 1024 * 1024, max_pixels=50_000_000)


@pytest.fixture
async def channel(api: FakeWeComAPI, clock: FakeClock, store: PhotoStore) -> AsyncIterator[WeComChannel]:
    async with WeComChannel(api.corp_id, api.secret, api.agent_id, api_base=api.base_url, robot_url=api.robot_url,
                            clock=clock, image_loader=lambda sha, small: store.find(sha, thumbnail=small)) as ch:
        yield ch


@pytest.fixture(scope="module")
def big_photo() -> bytes:
    return noisy_jpeg(2400, 1800)


def reply_to(chat: ChatRef, sha256: str, text: str = "PO-1001 首件照片 / first-off photo") -> Reply:
    return Reply(chat=chat, text=text, image_sha256=sha256)


ALICE = ChatRef(Platform.WECOM, "alice", ChatKind.PRIVATE)
APPCHAT = ChatRef(Platform.WECOM, "chat1", ChatKind.GROUP)
ROBOT = ChatRef(Platform.WECOM_ROBOT, ROBOT_KEY, ChatKind.GROUP)


async def test_a_multi_mb_photo_is_uploaded_once_in_chunks_and_sent_as_an_image_then_the_text(
        api: FakeWeComAPI, channel: WeComChannel, store: PhotoStore, big_photo: bytes) -> None:
    stored = store.accept(big_photo)
    assert stored.size > 3 * 1024 * 1024  # multi-MB after the store's own re-encoding

    await channel.send(reply_to(ALICE, stored.sha256))
    await channel.send(reply_to(APPCHAT, stored.sha256))

    [upload] = api.calls_to("media/upload")
    assert upload.query["type"] == "image" and upload.chunks > 1  # it arrived in many reads
    [part] = api.uploads()
    assert part["data"] == store.open(stored.path).read_bytes()
    assert part["filelength"] == str(stored.size) and part["content_type"] == "image/jpeg"
    assert part["filename"].endswith(".jpg")
    media_id = upload.response["media_id"]  # type: ignore[index]

    image, text = api.sent("message/send")
    assert image["msgtype"] == "image" and image["image"] == {"media_id": media_id} and image["touser"] == "alice"
    assert text["msgtype"] == "text" and "首件照片" in text["text"]["content"]
    group_image, group_text = api.sent("appchat/send")
    assert group_image == {"chatid": "chat1", "msgtype": "image", "image": {"media_id": media_id}, "safe": 0}
    assert "首件照片" in group_text["text"]["content"]


async def test_a_media_id_is_reused_for_its_three_days_then_uploaded_again(
        api: FakeWeComAPI, channel: WeComChannel, store: PhotoStore, clock: FakeClock) -> None:
    sha = store.accept(noisy_jpeg(300, 200)).sha256
    await channel.send(reply_to(ALICE, sha, ""))
    clock.advance(timedelta(days=2, hours=22))
    await channel.send(reply_to(ALICE, sha, ""))
    assert len(api.calls_to("media/upload")) == 1
    clock.advance(timedelta(hours=1))
    await channel.send(reply_to(ALICE, sha, ""))
    assert len(api.calls_to("media/upload")) == 2
    assert [b["msgtype"] for b in api.sent("message/send")] == ["image"] * 3  # no empty text after an image


async def test_a_media_id_refused_as_invalid_is_uploaded_again_once(
        api: FakeWeComAPI, channel: WeComChannel, store: PhotoStore) -> None:
    sha = store.accept(noisy_jpeg(300, 200)).sha256
    await channel.send(reply_to(ALICE, sha, ""))
    api.inject("message/send", Fault(errcode=40007))
    await channel.send(reply_to(ALICE, sha, ""))
    assert len(api.calls_to("media/upload")) == 2
    assert len(api.sent("message/send")) == 2


async def test_a_robot_gets_base64_and_md5_and_a_photo_over_2_mb_as_its_thumbnail(
        api: FakeWeComAPI, channel: WeComChannel, store: PhotoStore, big_photo: bytes) -> None:
    small = store.accept(noisy_jpeg(400, 300, seed=3))
    big = store.accept(big_photo)

    await channel.send(reply_to(ROBOT, small.sha256))
    await channel.send(reply_to(ROBOT, big.sha256, ""))

    calls = [c for c in api.calls_to("webhook/send") if c.query["key"] == ROBOT_KEY]
    assert [c.response["errcode"] for c in calls] == [0, 0, 0]  # type: ignore[index]
    first, text, second = (c.json for c in calls)
    assert base64.b64decode(first["image"]["base64"]) == store.open(small.path).read_bytes()
    assert first["image"]["md5"] == hashlib.md5(store.open(small.path).read_bytes()).hexdigest()
    assert text["msgtype"] == "text" and "首件照片" in text["text"]["content"]
    assert base64.b64decode(second["image"]["base64"]) == store.open(big.thumb_path).read_bytes()
    assert not api.calls_to("media/upload")  # robots never need a media_id for images


async def test_the_fake_refuses_a_wrong_md5_and_a_bad_upload(api: FakeWeComAPI) -> None:
    """The fake is as strict as the documents: otherwise the tests above could not fail."""
    import aiohttp

    jpeg = noisy_jpeg(64, 64)
    async with aiohttp.ClientSession() as http:
        async with http.post(api.robot_url, params={"key": ROBOT_KEY}, json={
                "msgtype": "image", "image": {"base64": base64.b64encode(jpeg).decode(), "md5": "0" * 32}}) as r:
            assert (await r.json())["errcode"] == 301019
        token = (await (await http.get(api.base_url + "gettoken", params={
            "corpid": api.corp_id, "corpsecret": api.secret})).json())["access_token"]
        form = aiohttp.FormData()
        form.add_field("media", jpeg, filename="p.jpg", content_type="image/jpeg")  # no filelength
        async with http.post(api.base_url + "media/upload", params={"access_token": token, "type": "image"},
                             data=form) as r:
            assert (await r.json())["errcode"] == 40058
