"""Messages (django.contrib.messages) with Korean particles that fit the names in them.

Django's own Korean admin messages put a fixed particle after a quoted name
(글 "가을 여행"가 추가되었습니다); every message added anywhere passes through
core.korean.fix_particles, so the particle follows the name's last syllable."""

from django.contrib.messages.storage.fallback import FallbackStorage

from .korean import fix_particles


class KoreanMessageStorage(FallbackStorage):
    def add(self, level, message, extra_tags=""):
        if message:
            message = fix_particles(str(message))
        return super().add(level, message, extra_tags)
