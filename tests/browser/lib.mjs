// lib.mjs — what every browser test of insats shares: Debian's Chromium launched by path with
// no network but loopback, the server and accounts that tests/browser/server.sh started
// (INSATS_URL, INSATS_ACCOUNTS), logging in as a role (with the second factor for a manager
// or an admin), the checks of one page (axe, html-validate, the page's frame) and TAP output.
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { HtmlValidate, StaticConfigLoader } from 'html-validate';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function need(name) {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set: run the test through tests/e2e/browser.sh`);
    return v;
}

export const baseUrl = () => need('INSATS_URL');

// ---- TAP ------------------------------------------------------------------------------------

let failures = 0;
export function ok(what) { console.log(`ok - ${what}`); }
export function notOk(what, details = []) {
    failures++;
    console.log(`not ok - ${what}`);
    for (const d of details.slice(0, 20)) console.log(`#   ${String(d).replace(/\n/g, '\n#   ')}`);
    if (details.length > 20) console.log(`#   … and ${details.length - 20} more`);
}
export function check(cond, what, details = []) { cond ? ok(what) : notOk(what, details); }
export function note(text) { console.log(`# ${text}`); }
export function failed() { return failures; }

// ---- the browser ----------------------------------------------------------------------------

// Chromium's own traffic (updates, safe browsing, metrics, translation) is switched off, and
// every host name but the loopback address resolves to nothing: the tests never reach beyond
// this machine even if a page asked them to.
const CHROMIUM_ARGS = [
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-breakpad',
    '--metrics-recording-only',
    '--no-first-run',
    '--no-pings',
    '--safebrowsing-disable-auto-update',
    '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
];

export async function launchBrowser() {
    return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
                             args: CHROMIUM_ARGS });
}

// A new browser context (a fresh cookie jar) whose requests to anything but the server's
// loopback address are aborted; the aborted addresses are kept in context.blocked so that a
// test can fail a page that reaches out.
export async function newContext(browser, options = {}) {
    const context = await browser.newContext({ locale: 'sv-SE', ...options });
    // A page answers in well under a second, a few on a machine busy with other builds;
    // waiting longer only hides a hang.
    context.setDefaultTimeout(30000);
    context.blocked = [];
    await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1') return route.continue();
        context.blocked.push(url.href);
        return route.abort('blockedbyclient');
    });
    return context;
}

// ---- the route table ------------------------------------------------------------------------

// `insats serve --routes`: {method, pattern, roles (a Set; "public" for everyone), flags,
// handler}.
export function routeTable() {
    const out = execFileSync(need('INSATS'), ['serve', '--routes'], { encoding: 'utf8' });
    return out.trim().split('\n').map((line) => {
        const [method, pattern, roles, flags, handler] = line.split('\t');
        return { method, pattern, roles: new Set(roles.split(',')),
                 flags: new Set(flags === '-' ? [] : flags.split(',')), handler };
    });
}

// Whether path (without its query) matches pattern segment by segment, as the router does
// ({name} matches one non-empty segment).
export function patternMatches(pattern, path) {
    const ps = pattern.split('/'), xs = path.split('/');
    if (ps.length !== xs.length) return false;
    return ps.every((p, i) => (p.startsWith('{') && p.endsWith('}')) ? xs[i] !== '' : p === xs[i]);
}

// The first row of the table for this method and path, as the router picks it.
export function routeFor(routes, method, path) {
    return routes.find((r) => r.method === method && patternMatches(r.pattern, path));
}

export function roleAllows(route, role) {
    return route.roles.has('public') || route.roles.has(role);
}

// ---- accounts and logging in ----------------------------------------------------------------

// The accounts of `insats user demo`: [{login, role, organisation, password}].
export function accounts() {
    return readFileSync(need('INSATS_ACCOUNTS'), 'utf8').trim().split('\n').map((line) => {
        const [login, role, organisation, password] = line.split('\t');
        return { login, role, organisation, password };
    });
}

export function account(role) {
    const a = accounts().find((x) => x.role === role);
    if (!a) throw new Error(`no demo account with the role ${role}`);
    return a;
}

function base32Decode(s) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = 0, value = 0;
    const out = [];
    for (const ch of s.replace(/[\s=]/g, '').toUpperCase()) {
        const i = alphabet.indexOf(ch);
        if (i < 0) throw new Error(`not base32: ${ch}`);
        value = (value << 5) | i;
        bits += 5;
        if (bits >= 8) {
            out.push((value >>> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return Buffer.from(out);
}

// The 6-digit TOTP code (RFC 6238: HMAC-SHA1, 30-second steps) of a base32 secret for a step.
export function totpCode(secret, step) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(step));
    const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
    const off = mac[mac.length - 1] & 0x0f;
    const n = (mac.readUInt32BE(off) & 0x7fffffff) % 1000000;
    return String(n).padStart(6, '0');
}

// The server takes the codes of the current step and the steps beside it, each newer than the
// last one used: a second login within the same 30 seconds takes the next step's code, and a
// third waits until the clock allows one.
// The secrets enrolled and the last steps used are kept beside the accounts' file, so that
// every test process of a run can log the same account in.
const totpSteps = new Map();   // login → {secret, last}
const totpFile = () => `${need('INSATS_ACCOUNTS')}.totp.json`;
function totpLoad() {
    try {
        for (const [login, t] of Object.entries(JSON.parse(readFileSync(totpFile(), 'utf8'))))
            if (!totpSteps.has(login)) totpSteps.set(login, t);
    } catch (e) {
        if (e.code !== 'ENOENT') throw e;
    }
}
function totpSave() {
    writeFileSync(totpFile(), JSON.stringify(Object.fromEntries(totpSteps)));
}

// Remembers the secret an enrolment page shows for login.
export function totpEnrolled(login, secret) {
    totpSteps.set(login, { secret, last: 0 });
    totpSave();
}

// The next code of login's second factor that the server takes (see above).
export async function nextTotpCode(login) {
    totpLoad();
    const t = totpSteps.get(login);
    if (!t) throw new Error(`${login} has a second factor no test process of this run enrolled`);
    let step = Math.max(t.last + 1, Math.floor(Date.now() / 30000) - 1);
    while (step > Math.floor(Date.now() / 30000) + 1)
        await new Promise((r) => setTimeout(r, 30000 * (step - 1) - Date.now() + 50));
    t.last = step;
    totpSave();
    return totpCode(t.secret, step);
}

// Submits the form holding the element found by selector and waits for the page that answers.
export async function submitAndWait(page, selector) {
    const [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.locator(selector).first().click(),
    ]);
    return response;
}

// Submits form (a locator) with the browser's own checks off, so that the server's validation
// answers; with empty set, its text fields are emptied first. Returns the answer's response.
export async function submitForm(page, form, { empty = false } = {}) {
    const [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        form.evaluate((f, empty) => {
            f.noValidate = true;
            if (empty)
                for (const el of f.querySelectorAll('input, textarea'))
                    if (!['hidden', 'submit', 'button', 'checkbox', 'radio', 'file'].includes(el.type))
                        el.value = '';
            f.requestSubmit();
        }, empty),
    ]);
    return response;
}

// Logs the account of this role in on a new page of context: the login form, and for a
// manager or an admin the second factor, enrolled on the first login from the secret the
// enrolment page shows. onStep(page, response, what), if given, is called on each page on the
// way (the login form, the enrolment or code page) before it is filled in. Returns the page,
// on the start page.
export async function login(context, role, onStep = null) {
    const a = typeof role === 'string' ? account(role) : role;
    const page = await context.newPage();
    let response = await page.goto(`${baseUrl()}/login`);
    if (onStep) await onStep(page, response, 'login');
    await page.fill('#f-login', a.login);
    await page.fill('#f-password', a.password);
    response = await submitAndWait(page, 'form[action="/login"] button[type="submit"], form[action="/login"] input[type="submit"]');
    const path = new URL(page.url()).pathname;
    if (path === '/account/totp' || path === '/login/totp') {
        if (path === '/account/totp')
            totpEnrolled(a.login, (await page.locator('code.secret').first().textContent()).trim());
        if (onStep) await onStep(page, response, path === '/account/totp' ? 'totp-enrol' : 'totp');
        await page.fill('#f-code', await nextTotpCode(a.login));
        response = await submitAndWait(page, `form[action="${path}"] button[type="submit"]`);
    }
    const now = new URL(page.url()).pathname;
    if (now === '/login' || now.startsWith('/login/') || now === '/account/totp')
        throw new Error(`logging in as ${a.login} ended on ${now}`);
    page.lastResponse = response;
    return page;
}

// ---- the checks of one page -----------------------------------------------------------------

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let htmlValidate = null;
function validator() {
    if (!htmlValidate) {
        const config = JSON.parse(readFileSync(join(repo, '.htmlvalidate.json'), 'utf8'));
        htmlValidate = new HtmlValidate(new StaticConfigLoader(config));
    }
    return htmlValidate;
}

// The problems of the page now shown, as lines of text (none: it passes): axe's violations
// at the WCAG 2.1 A and AA tags (colour contrast only when contrast is set: it is slow), the
// served HTML (html) against html-validate's recommended rules (.htmlvalidate.json), exactly
// one h1, a skip link to the main landmark, one main landmark, and no request beyond the
// server.
// Where the checks' time goes, in milliseconds (printed at the end of a run).
export const timing = { axe: 0, contrast: 0, html: 0, pages: 0 };

export async function pageProblems(page, html, { contrast = false } = {}) {
    const problems = [];
    let t0 = Date.now();
    // Only the violations are wanted: axe then does not gather every passing node.
    // (options() replaces what withTags() set, so it comes first.)
    let axe = new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(AXE_TAGS);
    if (!contrast) axe = axe.disableRules(['color-contrast']);
    const result = await axe.analyze();
    timing[contrast ? 'contrast' : 'axe'] += Date.now() - t0;
    timing.pages++;
    t0 = Date.now();
    for (const v of result.violations)
        for (const n of v.nodes)
            problems.push(`axe ${v.id}: ${v.help} — ${n.target.join(' ')} ${n.failureSummary ? '(' + n.failureSummary.split('\n').slice(1).join('; ').trim() + ')' : ''}`);
    if (html !== null) {
        const report = await validator().validateString(html, 'page.html');
        for (const r of report.results)
            for (const m of r.messages)
                problems.push(`html-validate ${m.ruleId} (line ${m.line}:${m.column}): ${m.message}`);
    }
    timing.html += Date.now() - t0;
    const frame = await page.evaluate(() => {
        const skip = document.querySelector('body a[href^="#"]');
        const target = skip && document.getElementById(skip.getAttribute('href').slice(1));
        return {
            h1: document.querySelectorAll('h1').length,
            main: document.querySelectorAll('main, [role="main"]').length,
            skip: !!(skip && target && target.matches('main, [role="main"]') &&
                     skip === document.querySelector('body a[href], body button, body input')),
        };
    });
    if (frame.h1 !== 1) problems.push(`${frame.h1} h1 elements, not one`);
    if (frame.main !== 1) problems.push(`${frame.main} main landmarks, not one`);
    if (!frame.skip) problems.push('no skip link to the main landmark as the first link');
    const blocked = page.context().blocked || [];
    if (blocked.length) problems.push(`requests beyond the server: ${blocked.splice(0).join(', ')}`);
    return problems;
}

// Whether the page scrolls sideways (its document wider than the window).
export async function scrollsSideways(page) {
    return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

// ---- the keyboard ---------------------------------------------------------------------------

// The element that has the focus, described, and whether its focus is visible: an outline of at
// least 2 px or a ring drawn with box-shadow. null when nothing but the page has it.
export async function focused(page) {
    return page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
        const ring = cs.boxShadow && cs.boxShadow !== 'none';
        const text = (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent) || '';
        return {
            tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id, name: el.name || '',
            text: text.trim().replace(/\s+/g, ' ').slice(0, 40), visible: outline || !!ring,
        };
    });
}

// Presses Tab (Shift+Tab with back) until the focused element matches selector, at most max
// times; every element passed on the way must show its focus. Returns the problems (none: it
// got there, every focus seen).
export async function tabTo(page, selector, { back = false, max = 80 } = {}) {
    const problems = [];
    for (let i = 0; i < max; i++) {
        await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
        const f = await focused(page);
        if (f && !f.visible) problems.push(`no visible focus on ${f.tag}#${f.id} "${f.text}"`);
        if (await page.evaluate((sel) => !!document.activeElement &&
                                         document.activeElement.matches(sel), selector))
            return problems;
    }
    problems.push(`${max} presses of Tab did not reach ${selector}`);
    return problems;
}

// Presses key on the focused element and waits for the page it leads to.
export async function pressAndWait(page, key) {
    const [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.keyboard.press(key),
    ]);
    return response;
}
