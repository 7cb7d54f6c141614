// keyboard.mjs — the core flows with the keyboard alone (Tab, Shift+Tab, Enter, Space and
// typing; no clicks), every focus on the way visible: a manager logs in with the second
// factor, opens a session from its activity, marks attendance for several people and saves; a
// participant answers a survey on the public form. Then the pages people print, rendered for
// print: no navigation, black on white, and a PDF of each.
import { execFileSync } from 'node:child_process';

import {
    account, baseUrl, check, failed, focused, launchBrowser, login, newContext, nextTotpCode,
    note, notOk, pressAndWait, tabTo, totpEnrolled,
} from './lib.mjs';

const started = Date.now();

function insats(...args) {
    return execFileSync(process.env.INSATS, ['--db', process.env.INSATS_DB, ...args],
                        { encoding: 'utf8' });
}

// The flow's problems so far, and a TAP line for the step.
function step(what, problems) {
    check(problems.length === 0, what, problems);
    return problems.length === 0;
}

const browser = await launchBrowser();
try {
    // ---- a manager logs in: the form, then the second factor -----------------------------------
    const context = await newContext(browser);
    const page = await context.newPage();
    const manager = account('manager');
    await page.goto(`${baseUrl()}/login`);
    let problems = await tabTo(page, '#f-login');
    await page.keyboard.type(manager.login);
    problems.push(...await tabTo(page, '#f-password', { max: 1 }));
    await page.keyboard.type(manager.password);
    await pressAndWait(page, 'Enter');
    let path = new URL(page.url()).pathname;
    step('keyboard: the login form, Tab from the top of the page, Enter to send',
         problems.concat(path.startsWith('/login/totp') || path.startsWith('/account/totp')
             ? [] : [`after the login form: ${path}`]));
    if (path === '/account/totp')
        totpEnrolled(manager.login, (await page.locator('code.secret').first().textContent()).trim());
    problems = await tabTo(page, '#f-code');
    await page.keyboard.type(await nextTotpCode(manager.login));
    await pressAndWait(page, 'Enter');
    path = new URL(page.url()).pathname;
    step('keyboard: the second factor\'s code typed, Enter, the start page',
         problems.concat(path === '/' ? [] : [`after the code: ${path}`]));

    // ---- a session opened from its activity, attendance marked, saved ------------------------
    // The first activity whose first session has people on its list and can still be marked
    // (not in a frozen period: its screen has no checkboxes then).
    let activity = null;
    for (const line of insats('list', 'sessions', '--tsv').trim().split('\n').slice(1)) {
        const [a, s, , , , , present, absent] = line.split('\t');
        if (s !== 's1' || Number(present) + Number(absent) < 5) continue;
        await page.goto(`${baseUrl()}/activities/${a}/sessions/s1/attendance`);
        if (await page.locator('input[type="checkbox"][id^="f-present-"]').count() >= 4) {
            activity = a;
            break;
        }
    }
    if (!activity) throw new Error('no session of the demo can be marked');
    await page.goto(`${baseUrl()}/activities/${activity}`);
    problems = await tabTo(page, `a[href="/activities/${activity}/sessions/s1/attendance"]`,
                           { max: 150 });
    await pressAndWait(page, 'Enter');
    step(`keyboard: the attendance of ${activity}'s first session opened from the activity`,
         problems.concat(page.url().endsWith(`/activities/${activity}/sessions/s1/attendance`)
             ? [] : [`on ${page.url()}`]));
    const boxes = page.locator('input[type="checkbox"][id^="f-present-"]');
    const before = [];
    for (let i = 0; i < 4; i++) before.push(await boxes.nth(i).isChecked());
    problems = await tabTo(page, 'input[type="checkbox"][id^="f-present-"]');
    for (let i = 0; i < 4; i++) {
        const f = await focused(page);
        if (!f || f.id !== await boxes.nth(i).getAttribute('id'))
            problems.push(`person ${i + 1}: the focus is on ${f ? f.id : 'nothing'}`);
        await page.keyboard.press('Space');
        if (i < 3) await page.keyboard.press('Tab');
    }
    problems.push(...await tabTo(page, 'button[type="submit"]:not([name="search"])', { max: 200 }));
    const response = await pressAndWait(page, 'Enter');
    const notice = await page.locator('p.notice[role="status"]').textContent().catch(() => '');
    step('keyboard: four people marked with Space, Tab between them, saved with Enter',
         problems.concat(response.ok() && /\d/.test(notice) ? []
             : [`after saving: ${response.status()} ${page.url()} "${notice}"`]));
    await page.goto(`${baseUrl()}/activities/${activity}/sessions/s1/attendance`);
    const after = [];
    for (let i = 0; i < 4; i++) after.push(await boxes.nth(i).isChecked());
    check(after.every((v, i) => v === !before[i]),
          'keyboard: the saved marks are the ones made', [`before ${before}, after ${after}`]);
    await context.close();

    // ---- a participant answers a survey --------------------------------------------------------
    insats('survey', 'new', '--template', 'after_activity', '--id', 'enk-keyboard');
    const survey = new URL(insats('survey', 'link', 'enk-keyboard').trim()).pathname;
    const phone = await newContext(browser, { viewport: { width: 360, height: 740 } });
    const sp = await phone.newPage();
    await sp.goto(baseUrl() + survey);
    problems = [];
    let answered = 0, sent = null;
    for (let i = 0; i < 120 && !sent; i++) {
        await sp.keyboard.press('Tab');
        const f = await focused(sp);
        if (!f) continue;
        if (!f.visible) problems.push(`no visible focus on ${f.tag}#${f.id} "${f.text}"`);
        if (f.type === 'radio') {
            // Tab enters a group of radio buttons on its first; an arrow key picks the next.
            await sp.keyboard.press('ArrowDown');
            answered++;
        } else if (f.tag === 'textarea') {
            await sp.keyboard.type('Bra upplägg.');
        } else if (f.tag === 'button' && f.type === 'submit') {
            sent = await pressAndWait(sp, 'Enter');
        }
    }
    const thanks = sent ? await sp.locator('main').textContent() : '';
    step(`keyboard: the survey on a 360 px screen answered (${answered} questions) and sent`,
         problems.concat(sent && sent.ok() && answered >= 3 && /Ditt svar är sparat/.test(thanks) ? []
             : [`sent: ${sent ? sent.status() : 'never'}; ${thanks.trim().slice(0, 200)}`]));
    await phone.close();

    // ---- the pages people print ----------------------------------------------------------------
    const printing = await newContext(browser);
    const pp = await login(printing, 'manager');
    const certActivity = insats('show', 'certificate', 'c00001').match(/^activity: (\S+)/m)[1];
    const sheets = [
        ['the attendance list', `/activities/${activity}/sessions/s1/attendance`],
        ['the certificates of an activity', `/activities/${certActivity}/certificates`],
    ];
    for (const [what, path] of sheets) {
        await pp.goto(baseUrl() + path);
        await printCheck(pp, what);
    }
    // The minutes are the report layer's HTML, a download: shown as it is and printed.
    const meeting = insats('list', 'meetings', '--tsv').trim().split('\n').slice(1)
        .map((l) => l.split('\t')).find((c) => c.includes('held'))[0];
    const minutes = await printing.request.get(
        `${baseUrl()}/reports/download?kind=minutes&meeting=${meeting}&format=html`);
    check(minutes.ok(), `the minutes of ${meeting} as HTML`, [`status ${minutes.status()}`]);
    await pp.setContent(await minutes.text(), { waitUntil: 'load' });
    await printCheck(pp, `the minutes of ${meeting}`);
    await printing.close();
} catch (e) {
    notOk(`the keyboard tests stopped: ${e.message}`, (e.stack || '').split('\n').slice(1, 8));
} finally {
    await browser.close();
}

// The page now shown, rendered for print: no navigation or header shown, the text black (or
// nearly) on white, and a PDF made of it.
async function printCheck(page, what) {
    await page.emulateMedia({ media: 'print' });
    const look = await page.evaluate(() => {
        const shown = (sel) => [...document.querySelectorAll(sel)]
            .filter((el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length);
        const dark = (c) => {
            const m = c.match(/\d+(\.\d+)?/g).map(Number);
            return m[0] < 60 && m[1] < 60 && m[2] < 60;
        };
        const bg = getComputedStyle(document.body).backgroundColor;
        const texts = [...document.querySelectorAll('main p, main td, main th, main h1, main li')]
            .filter((el) => el.getClientRects().length);
        return {
            nav: shown('nav, .site-nav, .site-header, .skip, button').length,
            white: bg === 'rgb(255, 255, 255)' || bg === 'rgba(0, 0, 0, 0)',
            light: texts.filter((el) => !dark(getComputedStyle(el).color))
                .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${getComputedStyle(el).color})`),
        };
    });
    const pdf = await page.pdf({ format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    const problems = [];
    if (look.nav) problems.push(`${look.nav} navigation elements or buttons shown in print`);
    if (!look.white) problems.push('the page is not white in print');
    if (look.light.length) problems.push(`texts not black in print: ${look.light.join(', ')}`);
    if (pdf.subarray(0, 5).toString() !== '%PDF-') problems.push('page.pdf made no PDF');
    check(problems.length === 0, `print: ${what} (a PDF of ${pdf.length} bytes)`, problems);
}

note(`keyboard and print tests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed() ? 1 : 0);
