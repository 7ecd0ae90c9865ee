"""The ground floor: helpers every app may use and that are about no app in particular.

Nothing here imports `accounts`, `blog`, `comments` or `config`; they all stand on it:
rate limits and the salted address hash (`throttle`), image cleaning (`images`), the
control-character rule (`text`), URL building without reverse() per call (`urlcache`),
the shared 429/CSRF pages (`views`), admin mixins (`admin`) and the site name in every
template (`context_processors`)."""
