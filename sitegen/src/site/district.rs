//! A district's own pages: its home (figures, statistics, newest vacancies, stations, events, policies),
//! its pages, policies, stations, events (with their calendar files) and its feed.

use engine::vacancy::Vacancy;
use serde::Serialize;

use super::Local;
use super::frame::link;
use crate::error::Error;
use crate::formats::{feeds, ics};
use crate::model::{District, Event};
use crate::output::Staging;
use crate::render::dashboard;
use crate::render::views::{EmployerJobs, EventView, JobSummary, PageView, PolicyView, StationView};
use crate::urls;

impl Local<'_> {
    pub(super) fn render_district_home(&self, stage: &Staging, d: &District) -> Result<(), Error> {
        let url = urls::district(&d.slug);
        let name = self.district_name(d);
        let upcoming: Vec<EventView> =
            d.events.iter().filter(|e| !EventView::is_past(e, self.build_date)).take(4).map(|e| EventView::new(e, d, &self.info, self.t)).collect();
        let home = PageView::in_lang(&d.home, url.clone(), self.lang.code);
        let mut ctx = self.frame_ctx_in(&url, &home.title, &d.config.focus, Some(d), vec![self.crumb_home(), link(&name, &url)], home.translated);
        ctx.insert("home", &home);
        #[derive(Serialize)]
        struct Info<'a> {
            tagline: &'a str,
            focus: &'a str,
        }
        ctx.insert("district", &Info { tagline: &d.config.tagline, focus: &d.config.focus });
        ctx.insert("figures", &dashboard::district_figures(d, self.t));
        let open: Vec<&Vacancy> = d.vacancies.iter().collect();
        ctx.insert("stats", &dashboard::vacancy_stats(&open, d.config.accent.get_ref(), self.build_date, self.t));
        ctx.insert("newest", &d.vacancies.iter().take(6).map(|v| JobSummary::new(v, &name, self.t)).collect::<Vec<_>>());
        ctx.insert("job_count", &d.vacancies.len());
        ctx.insert("jobs_url", &urls::jobs(&d.slug, 1));
        ctx.insert("stations", &d.stations.iter().map(|s| StationView::new(s, &d.slug, self.t)).collect::<Vec<_>>());
        ctx.insert("stations_url", &urls::stations(&d.slug));
        ctx.insert("events", &upcoming);
        ctx.insert("events_url", &urls::events(&d.slug));
        ctx.insert("policies", &d.policies.iter().map(|p| PolicyView::new(p, &d.slug, &self.info, self.t)).collect::<Vec<_>>());
        ctx.insert("policies_url", &urls::policies(&d.slug));
        self.page(stage, "district_home.html", &url, &ctx, None)
    }

    pub(super) fn render_district_pages(&self, stage: &Staging, d: &District) -> Result<(), Error> {
        for p in &d.pages {
            let url = urls::district_page(&d.slug, &p.slug);
            let view = PageView::in_lang(p, url.clone(), self.lang.code);
            let mut ctx = self.frame_ctx_in(&url, &view.title, &view.description, Some(d), self.crumbs(d, &[(&view.title, &url)]), view.translated);
            ctx.insert("page", &view);
            self.page(stage, "page.html", &url, &ctx, None)?;
        }
        Ok(())
    }

    pub(super) fn render_policies(&self, stage: &Staging, d: &District) -> Result<(), Error> {
        let list_url = urls::policies(&d.slug);
        let heading = self.t.fmt("policies_in", &[&self.district_name(d)]);
        let views: Vec<PolicyView> = d.policies.iter().map(|p| PolicyView::new(p, &d.slug, &self.info, self.t)).collect();
        let mut ctx = self.frame_ctx(&list_url, &heading, &heading, Some(d), self.crumbs(d, &[(&heading, &list_url)]));
        ctx.insert("heading", &heading);
        ctx.insert("policies", &views);
        self.page(stage, "policies.html", &list_url, &ctx, None)?;
        for (p, v) in d.policies.iter().zip(&views) {
            let url = &v.page.url;
            let mut ctx =
                self.frame_ctx(url, &p.page.title, &p.page.description, Some(d), self.crumbs(d, &[(&heading, &list_url), (&p.page.title, url)]));
            ctx.insert("policy", v);
            self.page(stage, "policy.html", url, &ctx, Some(p.date.to_string()))?;
        }
        Ok(())
    }

    pub(super) fn render_stations(&self, stage: &Staging, d: &District) -> Result<(), Error> {
        let list_url = urls::stations(&d.slug);
        let heading = self.t.fmt("stations_in", &[&self.district_name(d)]);
        let views: Vec<StationView> = d.stations.iter().map(|s| StationView::new(s, &d.slug, self.t)).collect();
        let mut ctx = self.frame_ctx(&list_url, &heading, &heading, Some(d), self.crumbs(d, &[(&heading, &list_url)]));
        ctx.insert("heading", &heading);
        ctx.insert("stations", &views);
        self.page(stage, "stations.html", &list_url, &ctx, None)?;
        for s in &views {
            let events: Vec<EventView> =
                d.events.iter().filter(|e| e.station.as_deref() == Some(&s.id)).map(|e| EventView::new(e, d, &self.info, self.t)).collect();
            let description = format!("{} · {} · {}", s.name, s.kind, s.address);
            let mut ctx = self.frame_ctx(&s.url, &s.name, &description, Some(d), self.crumbs(d, &[(&heading, &list_url), (&s.name, &s.url)]));
            ctx.insert("station", s);
            ctx.insert("events", &events);
            self.page(stage, "station.html", &s.url, &ctx, None)?;
        }
        Ok(())
    }

    /// The events listing (upcoming soonest first, then past ones, most recent first: judged against the
    /// build date), the district calendar, and each event's page and `.ics` file.
    pub(super) fn render_events(&self, stage: &Staging, d: &District) -> Result<(), Error> {
        let list_url = urls::events(&d.slug);
        let name = self.district_name(d);
        let heading = self.t.fmt("events_in", &[&name]);
        let (past, upcoming): (Vec<_>, Vec<_>) = d.events.iter().partition(|e| EventView::is_past(e, self.build_date));
        let view = |e: &&Event| EventView::new(e, d, &self.info, self.t);
        let calendar_url = urls::events_calendar(&d.slug);
        let mut ctx = self.frame_ctx(&list_url, &heading, &heading, Some(d), self.crumbs(d, &[(&heading, &list_url)]));
        ctx.insert("heading", &heading);
        ctx.insert("upcoming", &upcoming.iter().map(view).collect::<Vec<_>>());
        ctx.insert("past", &past.iter().rev().map(view).collect::<Vec<_>>());
        ctx.insert("calendar_url", &self.info.absolute(&calendar_url));
        self.page(stage, "events.html", &list_url, &ctx, None)?;
        // Calendar files are written once, in the default language (the pages of every language link them).
        let calendars = self.lang.prefix.is_empty();
        if calendars {
            let calendar = ics::district_calendar(d, &name, &self.info, self.t, self.build_date);
            stage.write(&urls::file_for(&calendar_url), calendar.as_bytes())?;
        }
        for e in &d.events {
            let v = EventView::new(e, d, &self.info, self.t);
            let description = format!("{} · {} · {}", v.kind, v.when, v.venue);
            let mut ctx = self.frame_ctx(&v.url, &v.title, &description, Some(d), self.crumbs(d, &[(&heading, &list_url), (&v.title, &v.url)]));
            ctx.insert("event", &v);
            ctx.insert("employer_jobs", &EmployerJobs::of(e, d, self.t));
            self.page(stage, "event.html", &v.url, &ctx, None)?;
            if calendars {
                let file = ics::event_file(e, d, &self.info, self.t, self.build_date);
                stage.write(&urls::file_for(&v.ics_url), file.as_bytes())?;
            }
        }
        Ok(())
    }

    pub(super) fn write_district_feed(&self, stage: &Staging, d: &District) -> Result<(), Error> {
        let n = *self.content.site.feed_size.get_ref() as usize;
        let list: Vec<&Vacancy> = d.vacancies.iter().take(n).collect();
        let title = self.t.fmt("feed_title", &[&self.district_name(d)]);
        let xml = feeds::atom(
            &self.info,
            &title,
            &urls::feed(&d.slug),
            &urls::district(&d.slug),
            &list,
            |v| self.feed_summary(v),
            &self.build_date_rfc3339(),
        );
        stage.write(&urls::file_for(&urls::feed(&d.slug)), xml.as_bytes())
    }
}
