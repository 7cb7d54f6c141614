// flows.mjs — the users' flows end to end, each asserting what the user sees: a reader on
// the dashboard and refused a person's page; a participant answering a survey on a phone from
// the link a coordinator reads off the survey's page; an employer checking a certificate's code
// with no login (docs/browser-tests.md "The users' flows").
import { execFileSync } from 'node:child_process';

import {
    baseUrl, check, failed, launchBrowser, login, newContext, note, notOk, scrollsSideways,
    submitAndWait,
} from './lib.mjs';

const started = Date.now();

function insats(...args) {
    return execFileSync(process.env.INSATS, ['--db', process.env.INSATS_DB, ...args],
                        { encoding: 'utf8' });
}

// A Swedish personnummer as the pages would write it (YYMMDD-NNNN or YYYYMMDD-NNNN).
const PERSONNUMMER = /\b(\d{2})?\d{6}[-+]\d{4}\b/;

const mainText = async (page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

const browser = await launchBrowser();
try {
    // ---- a reader: the dashboard, and no person's page ---------------------------------------
    {
        const context = await newContext(browser);
        const page = await login(context, 'reader');
        const response = await page.goto(`${baseUrl()}/`);
        const tables = await page.locator('main table').count();
        const figures = await page.locator('main td').count();
        const text = await mainText(page);
        check(response.ok() && tables > 0 && figures > 0 && /\d/.test(text),
              `reader: the dashboard shows its figures (${tables} tables, ${figures} cells)`,
              [`status ${response.status()}`, text.slice(0, 200)]);
        check(!PERSONNUMMER.test(text), 'reader: no personnummer on the dashboard',
              [text.match(PERSONNUMMER)?.[0] ?? '']);
        const person = insats('list', 'people', '--tsv').trim().split('\n')[1].split('\t')[0];
        const refused = await page.goto(`${baseUrl()}/people/${person}`);
        const body = await mainText(page);
        const title = await page.locator('h1').innerText();
        check(refused.status() === 403 && !PERSONNUMMER.test(await page.content()),
              `reader: a person's page (${person}) answers with a refusal, not the person's data`,
              [`status ${refused.status()}`, `h1 "${title}"`, body.slice(0, 200)]);
        check(/behörighet|roll|får inte|inte tillgång/i.test(body),
              'reader: the refusal page says why', [body.slice(0, 200)]);
        await context.close();
    }

    // ---- a participant: the survey's link from its page, answered on a phone ------------------
    {
        insats('survey', 'new', '--template', 'after_activity', '--id', 'enk-flow');
        insats('survey', 'link', 'enk-flow');
        const context = await newContext(browser);
        const page = await login(context, 'coordinator');
        await page.goto(`${baseUrl()}/surveys/enk-flow`);
        const link = (await page.locator('main code.link').first().innerText()).trim();
        const qr = await page.locator('main svg.qr').count();
        check(/\/s\/\S+$/.test(link) && qr === 1,
              'coordinator: the survey\'s page shows its answer link and its QR code',
              [`link "${link}", ${qr} QR codes`]);
        await context.close();

        const phone = await newContext(browser, { viewport: { width: 360, height: 740 } });
        const sp = await phone.newPage();
        const form = await sp.goto(baseUrl() + new URL(link).pathname);
        const wide = await scrollsSideways(sp);
        const groups = await sp.evaluate(() =>
            [...new Set([...document.querySelectorAll('main input[type="radio"]')].map((r) => r.name))]);
        // The buttons are drawn by their labels, which the participant taps.
        for (const name of groups) {
            const id = await sp.locator(`main input[type="radio"][name="${name}"]`).last()
                .getAttribute('id');
            await sp.locator(`label[for="${id}"]`).click();
        }
        for (const t of await sp.locator('main textarea').all()) await t.fill('Bra upplägg.');
        const sent = await submitAndWait(sp, 'main button[type="submit"]');
        const thanks = await mainText(sp);
        check(form.ok() && groups.length >= 3 && sent.ok() && /Ditt svar är sparat/.test(thanks),
              `participant: the survey answered on a 360 px screen with no login (${groups.length} questions), the thanks shown`,
              [`form ${form.status()}, sent ${sent.status()}`, thanks.slice(0, 200)]);
        check(!wide && !await scrollsSideways(sp),
              'participant: neither the form nor the thanks scroll sideways at 360 px');
        await phone.close();
    }

    // ---- an employer: a certificate's code checked, with no login ----------------------------
    {
        const shown = insats('show', 'certificate', 'c00001');
        const code = shown.match(/^verification: (\S+)/m)?.[1];
        const name = shown.match(/^person: \S+ \((.+)\)$/m)?.[1];
        const activity = shown.match(/^activity: \S+ \((.+)\)$/m)?.[1];
        if (!code || !name || !activity) throw new Error(`no code in: ${shown.slice(0, 300)}`);
        const context = await newContext(browser);
        const page = await context.newPage();
        await page.goto(`${baseUrl()}/verify`);
        await page.fill('#f-code', code);
        let response = await submitAndWait(page, 'main button[type="submit"]');
        let text = await mainText(page);
        check(response.ok() && /Intyget är äkta och giltigt/.test(text) &&
              /Namn/.test(text) && /Aktivitet/.test(text) && /Utfärdat/.test(text) &&
              text.includes(name) && text.includes(activity),
              'employer: a real code shows the certificate\'s facts (name, activity, issued)',
              [`status ${response.status()}`, text.slice(0, 300)]);
        await page.goto(`${baseUrl()}/verify`);
        await page.fill('#f-code', 'ZZZZZ-ZZZZZ');
        response = await submitAndWait(page, 'main button[type="submit"]');
        text = await mainText(page);
        check(response.status() === 404 && /Det finns inget intyg med den koden/.test(text),
              'employer: a wrong code says clearly that there is no such certificate',
              [`status ${response.status()}`, text.slice(0, 300)]);
        await context.close();
    }

    // ---- an economist: a cost added, the dashboard's budget status changes --------------------
    {
        const context = await newContext(browser);
        const page = await login(context, 'economist');
        const budget = async () => {
            await page.goto(`${baseUrl()}/`);
            const period = (await page.locator('main p.period').innerText())
                .match(/(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})/);
            const status = (await page.locator('main p.budget-status').innerText()).trim();
            const actual = await page.locator('main a[href*="figure=budget.accumulated.actual"]')
                .last().innerText();
            return { from: period[1], status, actual: Number(actual.replace(/\s/g, '').replace(',', '.')) };
        };
        const before = await budget();
        // The way there is by links: the budget page, the costs, a new cost.
        await page.goto(`${baseUrl()}/budget`);
        await Promise.all([page.waitForNavigation(), page.locator('main a[href="/costs"]').first().click()]);
        await Promise.all([page.waitForNavigation(), page.locator('main a[href="/costs/new"]').click()]);
        await page.fill('#f-id', 'k-flow');
        await page.fill('#f-date', before.from);
        await page.selectOption('#f-category', 'ovriga');
        await page.fill('#f-amount', '500 000');
        await page.fill('#f-text', 'Konferenslokal och förtäring');
        const saved = await submitAndWait(page, 'main form[action="/costs/new"] button[type="submit"]');
        const shown = await mainText(page);
        check(saved.ok() && /500\s?000/.test(shown) && shown.includes('Konferenslokal'),
              'economist: a cost of 500 000 kr added through the budget pages, shown once saved',
              [`${saved.status()} ${page.url()}`, shown.slice(0, 300)]);
        const after = await budget();
        check(after.actual === before.actual + 500000,
              `economist: the dashboard's accumulated outcome grows by the cost (${before.actual} → ${after.actual} kr)`);
        check(after.status !== before.status,
              'economist: the dashboard\'s budget status changes with the cost',
              [`before "${before.status}"`, `after "${after.status}"`]);
        await context.close();
    }
} catch (e) {
    notOk(`the flows stopped: ${e.message}`, (e.stack || '').split('\n').slice(1, 8));
} finally {
    await browser.close();
}

note(`the users' flows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed() ? 1 : 0);
