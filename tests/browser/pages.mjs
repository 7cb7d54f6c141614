// pages.mjs — every page of the route table in Chromium, for a manager, a coordinator, a reader,
// an admin and a visitor: each checked with axe and html-validate (lib.mjs, pageProblems), each
// form once submitted empty and the page with its errors checked too, and the main screens
// photographed at three widths with no sideways scrolling. A GET page of the table that no one
// visits and that is not skipped below with its reason fails the test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
    accounts, baseUrl, check, failed, launchBrowser, login, newContext, note, notOk, ok, pageProblems,
    roleAllows, routeFor, routeTable, submitForm, timing,
} from './lib.mjs';

const started = Date.now();
const screens = process.env.INSATS_SCREENS;
// The pages that failed, as served, from this run only.
const failuresDir = screens ? join(screens, '..', 'browser-failures') : null;
if (failuresDir) rmSync(failuresDir, { recursive: true, force: true });

// The GET rows that are not HTML pages, each with why it is not visited.
function skipReason(route) {
    const p = route.pattern;
    if (route.flags.has('api')) return 'the JSON API (docs/api.md), not a page';
    if (p.endsWith('.csv')) return 'a CSV download';
    if (p.endsWith('.xlsx')) return 'an XLSX download';
    if (p.endsWith('/pdf') || p.endsWith('.pdf')) return 'a PDF download';
    const fixed = {
        '/reports/download': 'a report file (PDF, XLSX, Markdown) to download',
        '/static/{file}': 'the stylesheet, icon and script the pages load',
        '/healthz': 'plain text for monitors',
        '/calendar/{token}': 'an iCalendar feed for calendar programs',
        '/goals/{id}/values/{n}': 'a row of a goal measured by hand, which the demo has none ' +
            'of; the same item form as the rows of every other list (the meetings\' are checked)',
    };
    return fixed[p] || null;
}

// Pages that answer 404 without their query, reached only through links that carry it.
const NEEDS_QUERY = new Set(['/trace']);

const routes = routeTable();
const pages = routes.filter((r) => r.method === 'GET' && !skipReason(r));
for (const r of routes.filter((r) => r.method === 'GET' && skipReason(r)))
    note(`skipped ${r.pattern}: ${skipReason(r)}`);

// Which route patterns were checked, by whom; which have had their colour contrast checked.
const visited = new Map();      // pattern → Set of roles
const contrastDone = new Set();
const counts = { pages: 0, forms: 0 };

function insats(...args) {
    return execFileSync(process.env.INSATS, ['--db', process.env.INSATS_DB, ...args],
                        { encoding: 'utf8' });
}

// Checks the page now shown (reached with response) for who; status is what it must answer.
async function checkShown(page, response, who, label, { status = 200 } = {}) {
    const url = new URL(page.url());
    const route = routeFor(routes, 'GET', url.pathname);
    // One kind of page: the rows of one handler, at one status.
    const kind = `${route ? route.handler : '(no route)'}:${status}`;
    const contrast = !contrastDone.has(kind);
    contrastDone.add(kind);
    const got = response ? response.status() : 0;
    const html = response ? await response.text() : null;
    const problems = await pageProblems(page, html, { contrast });
    if (got !== status) problems.unshift(`status ${got}, expected ${status}`);
    counts.pages++;
    if (problems.length && html !== null && failuresDir) {
        mkdirSync(failuresDir, { recursive: true });
        writeFileSync(join(failuresDir, `${who}${url.pathname.replace(/[^A-Za-z0-9-]+/g, '_')}.html`), html);
    }
    check(problems.length === 0, `${who}: ${label} ${url.pathname}${url.search}`, problems);
    if (route && status === 200) {
        if (!visited.has(route.pattern)) visited.set(route.pattern, new Set());
        visited.get(route.pattern).add(who);
    }
}

// The links of the page now shown that stay on the server, as paths with their queries.
async function links(page) {
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    const base = new URL(baseUrl());
    const out = [];
    for (const h of hrefs) {
        const u = new URL(h);
        if (u.origin !== base.origin) continue;
        out.push(u.pathname + u.search);
    }
    return out;
}

// Visits every page this role reaches by following links from its start page and from every
// page of the table without parameters, one URL per route pattern: the first found. workers
// pages of the context take the queue's addresses side by side.
async function crawl(context, role, extra = [], workers = 1) {
    const seen = new Set();
    const queue = [];
    const add = (path) => {
        const route = routeFor(routes, 'GET', path.split('?')[0]);
        if (!route || skipReason(route) || !roleAllows(route, role) || route.flags.has('public'))
            return;
        if (seen.has(route.pattern)) return;
        seen.add(route.pattern);
        queue.push(path);
    };
    add('/');
    for (const path of extra) add(path);
    const formPages = [];
    const urls = new Map();     // pattern → the path visited for it
    // The pages without parameters that no link led to come last, so that a page linked with
    // its query (/trace?figure=…) is seen as linked.
    let fallbacks = false, busy = 0;
    let waiting = [];           // workers waiting for the queue to fill or the crawl to end
    const wake = () => { for (const w of waiting.splice(0)) w(); };
    const worker = async () => {
        const page = await context.newPage();
        for (;;) {
            if (!queue.length && busy === 0 && !fallbacks) {
                fallbacks = true;
                for (const r of pages)
                    if (!r.pattern.includes('{') && !NEEDS_QUERY.has(r.pattern)) add(r.pattern);
                wake();
            }
            if (!queue.length) {
                if (busy === 0) break;
                await new Promise((r) => waiting.push(r));
                continue;
            }
            const path = queue.shift();
            busy++;
            const response = await page.goto(baseUrl() + path);
            await checkShown(page, response, role, 'page');
            urls.set(routeFor(routes, 'GET', path.split('?')[0]).pattern, path);
            if (await page.locator('form[method="post"] :is(input:not([type="hidden"]):not([type="submit"]), textarea, select)').count())
                formPages.push(path);
            for (const l of await links(page)) add(l);
            busy--;
            wake();
        }
        wake();
        await page.close();
    };
    await Promise.all(Array.from({ length: workers }, worker));
    formPages.sort();
    return { formPages, urls };
}

// Screenshots of the page at path at three widths into $INSATS_SCREENS/<name>-<width>.png,
// each also checked for sideways scrolling of the whole page, and at the phone's width with axe
// again (what scrolls, what overlaps and what contrasts there is not what it is on a desktop).
async function screenshots(context, path, name) {
    const page = await context.newPage();
    for (const width of [360, 768, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(baseUrl() + path);
        if (screens) await page.screenshot({ path: join(screens, `${name}-${width}.png`), fullPage: true });
        const wide = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        const problems = wide[0] <= wide[1] ? []
            : [`the page is ${wide[0]} px wide in a window of ${wide[1]} px`];
        if (width === 360) problems.push(...await pageProblems(page, null, { contrast: true }));
        check(problems.length === 0, `${name} at ${width} px: no sideways scrolling of the page` +
              (width === 360 ? ', axe passes' : ''), problems);
    }
    await page.close();
}

// Each form of the page that posts back to the page's own address, submitted once with its
// text fields emptied and the browser's own checks off, so that the server's validation
// answers; that answer is checked like any page.
async function submitEmpty(page, role, path) {
    await page.goto(baseUrl() + path);
    const own = new URL(baseUrl() + path).pathname;
    const forms = await page.$$eval('form[method="post"]', (fs) => fs.map((f) => new URL(f.action).pathname));
    for (let i = 0; i < forms.length; i++) {
        if (forms[i] !== own) continue;
        if (i > 0) await page.goto(baseUrl() + path);
        const response = await submitForm(page, page.locator('form[method="post"]').nth(i),
                                          { empty: true });
        counts.forms++;
        const status = response.status();
        // An empty form is refused (400/422 with its errors) or, where every field may be
        // empty, taken; either way the page that answers must pass.
        await checkShown(page, response, role, `empty form ${i + 1} of ${own} →`,
                         { status: status === 200 ? 200 : status });
        if (status >= 400) {
            const summary = await page.locator('[role="alert"], .error-summary').count();
            check(summary > 0, `${role}: the refused form of ${own} shows its errors`);
        }
    }
}

const browser = await launchBrowser();
if (screens) mkdirSync(screens, { recursive: true });
const formsByRole = [];

try {
    // ---- the checks find faults: a page with known ones ----------------------------------------
    const visitor = await newContext(browser);
    const vp = await visitor.newPage();
    {
        const bad = '<!DOCTYPE html><html lang="sv"><head><title>Fel</title></head><body>' +
            '<main><h1>Fel</h1><h1>Två</h1><img src="data:,"><input type="text"><p><div></div></p>' +
            '</main></body></html>';
        await vp.setContent(bad);
        const found = (await pageProblems(vp, bad)).join('\n');
        const want = ['axe image-alt', 'axe label', 'html-validate', '2 h1 elements',
                      'no skip link'];
        check(want.every((w) => found.includes(w)),
              'the checks find the faults of a page made with them',
              want.filter((w) => !found.includes(w)).map((w) => `not found: ${w}`));
    }

    // ---- a visitor: login, the public forms, the error pages --------------------------------
    let response = await vp.goto(`${baseUrl()}/login`);
    await checkShown(vp, response, 'visitor', 'the login page');
    response = await submitForm(vp, vp.locator('form[action="/login"]'), { empty: true });
    await checkShown(vp, response, 'visitor', 'the login form sent empty →', { status: response.status() });
    check(response.status() >= 400, 'visitor: an empty login is refused');
    response = await vp.goto(`${baseUrl()}/verify`);
    await checkShown(vp, response, 'visitor', 'the certificate check');
    const code = insats('show', 'certificate', 'c00001').match(/^verification: (\S+)/m)[1];
    response = await vp.goto(`${baseUrl()}/verify/${code}`);
    await checkShown(vp, response, 'visitor', 'a certificate found');
    response = await vp.goto(`${baseUrl()}/verify/AAAAAAAAAA`);
    await checkShown(vp, response, 'visitor', 'a code not found', { status: response.status() });
    insats('survey', 'new', '--template', 'after_activity', '--id', 'enk-browser');
    const surveyPath = new URL(insats('survey', 'link', 'enk-browser').trim()).pathname;
    response = await vp.goto(baseUrl() + surveyPath);
    await checkShown(vp, response, 'visitor', 'the survey answer form');
    response = await vp.goto(`${baseUrl()}/no-such-page`);
    await checkShown(vp, response, 'visitor', 'an unknown address', { status: 404 });
    response = await vp.goto(`${baseUrl()}/s/no-such-token`);
    await checkShown(vp, response, 'visitor', 'an unknown survey link', { status: 404 });

    // ---- what the demo lacks for some pages, made through the command line --------------------
    // A planned meeting with an agenda suggestion (cancel, suggest, decline), a proposal of the
    // coordinator's returned to them (their own proposal, its edit form) and a frozen period
    // (its diff), and messages in the outbox.
    insats('meeting', 'series', '--group', 'ambassadorer', '--dates', '2026-12-10', '--year', '2026');
    insats('meeting', 'suggest', 'ambassadorer-2026-12-10', '--by', 'manager', '--title', 'Rapport från arbetsplatserna');
    insats('intake', 'open');
    const coordinator = accounts().find((a) => a.role === 'coordinator').login;
    insats('proposal', 'submit', '--by', coordinator, '--title', 'Teckenspråk för nybörjare', '--id', 'fbrowser');
    insats('proposal', 'return', 'fbrowser', '--by', coordinator, '--note', 'Beskriv målgruppen.');
    insats('report', 'freeze', '--period', '1');
    // Messages in the outbox, for its table (they wait: the server has no relay).
    for (const who of ['anna', 'bertil', 'cecilia']) insats('outbox', 'test', `${who}@example.org`);
    // Pages no link leads to: the withdrawal form is reached by a button, a goal's own values
    // exist only for a goal measured by hand.
    // The lists of a held meeting are seeded too, since the first meeting linked may be the
    // planned one, whose lists are empty.
    const seeds = { manager: ['/certificates/c00001/withdraw', '/goals/g1/values',
                              '/meetings/m011/attendees', '/meetings/m011/agenda',
                              '/meetings/m011/actions'] };

    // ---- each role: every page it reaches ----------------------------------------------------
    // The roles' crawls run side by side (each in its own context), which halves the time on
    // two cores: most of it is the browser's work, not the server's.
    const roles = ['manager', 'coordinator', 'reader', 'admin'];
    await Promise.all(roles.map(async (role) => {
        const context = await newContext(browser);
        const page = await login(context, role, async (p, r, step) => {
            if (step === 'totp-enrol') {
                await checkShown(p, r, role, 'the enrolment of a second factor');
            }
        });
        // The manager reaches the most pages: two pages of its context share them.
        const { formPages, urls } = await crawl(context, role, seeds[role] || [],
                                                role === 'manager' ? 2 : 1);
        formsByRole.push({ role, context, page, formPages, urls });
        // An unknown page and a page of another role, seen signed in.
        let response = await page.goto(`${baseUrl()}/no-such-page`);
        await checkShown(page, response, role, 'an unknown address', { status: 404 });
        const refused = pages.find((r) => !r.pattern.includes('{') && !roleAllows(r, role) &&
                                          !r.flags.has('public'));
        if (refused) {
            response = await page.goto(baseUrl() + refused.pattern);
            await checkShown(page, response, role, 'a page of another role', { status: 403 });
        }
        note(`${role}: ${urls.size} pages, ${formPages.length} with forms; ${((Date.now() - started) / 1000).toFixed(0)} s so far`);
    }));

    // A manager's second login asks for the code of the factor enrolled above.
    {
        const context = await newContext(browser);
        await login(context, 'manager', async (p, r, step) => {
            if (step === 'totp') {
                await checkShown(p, r, 'manager', 'the second factor at login');
                const resp = await submitForm(p, p.locator('form[action="/login/totp"]'), { empty: true });
                await checkShown(p, resp, 'manager', 'the code sent empty →', { status: resp.status() });
                check(resp.status() >= 400, 'manager: an empty code is refused');
            }
        });
        await context.close();
    }

    // ---- the main screens at three widths ------------------------------------------------------
    {
        const byRole = Object.fromEntries(formsByRole.map((x) => [x.role, x]));
        await screenshots(byRole.manager.context, '/', 'dashboard');
        await screenshots(byRole.coordinator.context, '/', 'dashboard-coordinator');
        // The first session of the coordinator's activities with people of their own
        // organisation on its list (some activities are another municipality's).
        const cp = await byRole.coordinator.context.newPage();
        await cp.goto(`${baseUrl()}/activities`);
        const activities = (await links(cp)).filter((l) => /^\/activities\/[^/?]+$/.test(l) &&
                                                            l !== '/activities/new');
        let attendance = null, people = 0;
        for (const a of activities.slice(0, 40)) {
            await cp.goto(baseUrl() + a);
            const screen = (await links(cp)).find((l) => /\/sessions\/[^/]+\/attendance$/.test(l));
            if (!screen) continue;
            await cp.goto(baseUrl() + screen);
            people = await cp.locator('input[name="person[]"]').count();
            if (people > 0) {
                attendance = screen;
                break;
            }
        }
        await cp.close();
        check(!!attendance, `coordinator: a session with people of their organisation (${attendance}, ${people} people)`);
        if (attendance) await screenshots(byRole.coordinator.context, attendance, 'attendance');
        await screenshots(byRole.manager.context, '/groups/ambassadorer', 'group-attendance');
        await screenshots(byRole.manager.context, '/outbox', 'outbox');
        await screenshots(visitor, surveyPath, 'survey');
        await screenshots(visitor, '/login', 'login');
    }

    // ---- every form once empty (after every page was seen: some empty forms are taken) --------
    // Three pages at a time take the forms of every role.
    {
        const jobs = formsByRole.flatMap(({ role, context, formPages }) =>
            formPages.map((path) => ({ role, context, path })));
        await Promise.all([0, 1, 2].map(async () => {
            const open = new Map();     // role → this worker's page in the role's context
            for (let job = jobs.shift(); job; job = jobs.shift()) {
                if (!open.has(job.role)) open.set(job.role, await job.context.newPage());
                await submitEmpty(open.get(job.role), job.role, job.path);
            }
            for (const p of open.values()) await p.close();
        }));
    }
    {
        response = await vp.goto(baseUrl() + surveyPath);
        const resp = await submitForm(vp, vp.locator('form[method="post"]').first(), { empty: true });
        await checkShown(vp, resp, 'visitor', 'the survey sent empty →', { status: resp.status() });
    }

    // ---- every page of the table was seen ----------------------------------------------------
    const unseen = pages.filter((r) => !visited.has(r.pattern)).map((r) => r.pattern);
    check(unseen.length === 0, `every GET page of the route table was checked (${pages.length} pages)`,
          unseen.map((p) => `not visited and not skipped with a reason: ${p}`));
    for (const { role } of formsByRole) {
        const missed = pages.filter((r) => roleAllows(r, role) && !r.flags.has('public') &&
                                           !(visited.get(r.pattern) || new Set()).has(role))
                            .map((r) => r.pattern);
        if (missed.length) note(`${role} was not shown a link to: ${missed.join(' ')}`);
    }
    for (const { context } of formsByRole) await context.close();
    await visitor.close();
} catch (e) {
    notOk(`the browser tests stopped: ${e.message}`, (e.stack || '').split('\n').slice(1, 8));
} finally {
    await browser.close();
}
note(`time in checks: axe ${timing.axe} ms, axe with contrast ${timing.contrast} ms, html-validate ${timing.html} ms, ${timing.pages} pages`);
note(`${counts.pages} pages and ${counts.forms} empty forms checked in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed() ? 1 : 0);
