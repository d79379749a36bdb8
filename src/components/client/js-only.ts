/**
 * Marks the page as scripted (html.js). Wording that is only true when JavaScript runs (sliders, replay, switches,
 * links that share a setting) is wrapped in `.js-only`, its static alternative in `.no-js-only`; global.css shows one
 * or the other from this class, and print.css always prints the static one. External (a bundled module), like every
 * script of the site, so a `script-src 'self'` policy allows it.
 */
document.documentElement.classList.add('js');
