//! The workers' answers: chunks of articles put back in input order, added to the corpus at
//! most once per flush interval; progress, problems and the end of a job. A large answer is
//! decoded in one task and handled in the next, the answers after it waiting their turn.

use super::*;

pub(super) fn flush(state: AppState) {
    FLUSH_SCHEDULED.with(|f| f.set(false));
    let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    if !pending.is_empty() {
        let started = now();
        state.corpus.update(|c| c.extend(pending));
        // The effects run after this task's microtasks; a timer runs after them.
        set_timeout(
            move || FLUSH_COST.with(|c| c.set(now() - started)),
            std::time::Duration::from_millis(0),
        );
    }
}

pub(super) fn schedule_flush(state: AppState) {
    if !FLUSH_SCHEDULED.with(|f| f.replace(true)) {
        let wait = FLUSH_COST
            .with(Cell::get)
            .mul_add(4.0, 0.0)
            .max(FLUSH_EVERY);
        set_timeout(
            move || flush(state),
            std::time::Duration::from_millis(wait as u64),
        );
    }
}

/// A response larger than this (in bytes) is handled in a task after the one that decoded
/// it: decoding a 50 MB article and adding it to the page took 300 ms in one task.
const LARGE_RESPONSE: usize = 1 << 20;

thread_local! {
    /// Responses decoded and not handled yet, from which worker, in the order they came.
    static DECODED: RefCell<std::collections::VecDeque<(usize, Response)>> =
        RefCell::default();
}

pub(super) fn receive(state: AppState, slot: usize, bytes: &[u8]) {
    let response = match Response::decode(bytes) {
        Ok(r) => r,
        Err(err) => {
            state.notices.error(format!(
                "The background parser sent something unreadable ({err})."
            ));
            return;
        }
    };
    // Responses are handled in order: behind one that waits, the others wait too.
    let first = DECODED.with(|d| {
        let mut d = d.borrow_mut();
        d.push_back((slot, response));
        d.len() == 1
    });
    if !first {
        return;
    }
    if bytes.len() > LARGE_RESPONSE {
        set_timeout(
            move || handle_decoded(state),
            std::time::Duration::from_millis(0),
        );
    } else {
        handle_decoded(state);
    }
}

/// Handles every decoded response, in order.
fn handle_decoded(state: AppState) {
    while let Some((slot, response)) = DECODED.with(|d| d.borrow_mut().pop_front()) {
        handle(state, slot, response);
    }
}

fn handle(state: AppState, slot: usize, response: Response) {
    match response {
        Response::Ready { countries, .. } => {
            crate::web::util::know_country_names(countries);
            if slot == 0 {
                grow_pool(state);
            }
        }
        Response::Names { query, ids } => {
            let folded = crate::text::fold_key(query.trim());
            if state.filter.with_untracked(|f| f.places.folded == folded) {
                state
                    .filter
                    .update(|f| f.places.ids = ids.into_iter().collect());
            }
        }
        Response::Progress {
            job,
            done,
            total,
            read,
        } => {
            let progress = with_job(job, |j| {
                if let Some(part) = j.progress.get_mut(slot) {
                    (part.done, part.total, part.read) = (done, total, read);
                }
                j.progress.iter().fold(
                    JobProgress {
                        label: j.job.label.clone(),
                        ..JobProgress::default()
                    },
                    |sum, part| JobProgress {
                        done: sum.done + part.done,
                        total: sum.total + part.total,
                        read: (sum.read.0 + part.read.0, sum.read.1 + part.read.1),
                        label: sum.label,
                    },
                )
            });
            if let Some(progress) = progress {
                state.progress.set(Some(progress));
            }
        }
        Response::Problems { job, problems } => {
            with_job(job, |j| j.problems += problems.len());
            for p in problems {
                state.notices.error(p);
            }
        }
        Response::Articles {
            job,
            first,
            articles,
        } => {
            // Chunks of several workers arrive in any order: take them in input order.
            let articles: Vec<Article> = articles
                .into_iter()
                .map(WireArticle::into_article)
                .collect();
            let mut ready = Vec::new();
            with_job(job, |j| {
                j.waiting.insert(first, articles);
                while let Some(chunk) = j.waiting.remove(&j.next) {
                    j.next += chunk.len().max(1);
                    ready.extend(chunk);
                }
            });
            if !ready.is_empty() {
                take_articles(state, job, ready);
            }
        }
        Response::Done {
            job,
            articles,
            millis,
        } => {
            let finished = with_job(job, |j| {
                j.parts_done += 1;
                j.articles += articles;
                j.millis = j.millis.max(millis);
                j.parts_done >= j.parts
            });
            if finished == Some(true) {
                finish(state, job);
            }
        }
    }
}

/// Adds articles, in input order, to the corpus: the job's first ones at once (the first
/// markers appear as soon as possible), the rest at the next flush.
pub(super) fn take_articles(state: AppState, job: u32, articles: Vec<Article>) {
    let Some((spec, received)) = with_job(job, |j| (j.job.clone(), j.received)) else {
        return;
    };
    let new: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
    let count = new.len();
    if received == 0 {
        let replace = spec.mode == Mode::Replace
            || state.origin.get_untracked() != Origin::User && spec.origin == Origin::User;
        let first_index = state.add_articles(new, replace, spec.initial, spec.origin);
        with_job(job, |j| j.first_index = first_index);
        // Fitted now, while few markers are drawn, and again at the end only if the whole
        // corpus asks for another view (a zoom redraws every marker in view).
        if spec.fit {
            state.fit.set(true);
        }
    } else {
        PENDING.with(|p| p.borrow_mut().extend(new));
        schedule_flush(state);
    }
    with_job(job, |j| j.received += count);
}

/// Every worker has finished the job.
pub(super) fn finish(state: AppState, job: u32) {
    let mut info = CLIENT.with(|c| c.borrow_mut().as_mut().and_then(|c| c.jobs.remove(&job)));
    // Chunks still waiting for an earlier one that never came (cannot happen unless a
    // worker broke its promise): take them anyway rather than lose them.
    if let Some(info) = &mut info {
        let rest = std::mem::take(&mut info.waiting).into_values().flatten();
        PENDING.with(|p| p.borrow_mut().extend(rest.map(Arc::new)));
    }
    flush(state);
    if !is_busy() {
        state.progress.set(None);
    }
    let Some(info) = info else { return };
    let (articles, millis) = (info.articles, info.millis);
    set_body_attr("data-last-parse-ms", &format!("{millis:.0}"));
    set_body_attr(
        "data-articles",
        &state.corpus.with_untracked(Vec::len).to_string(),
    );
    let spec = info.job;
    if articles == 0 {
        if info.problems == 0 {
            state.notices.error(format!(
                "{}: no article text found, so nothing was added.",
                spec.label
            ));
        }
        if let Some(instead) = spec.when_empty {
            instead(state);
        }
        return;
    }
    if spec.origin == Origin::User && articles > 1 {
        state.notices.info(format!(
            "Read and geoparsed {articles} articles in {:.1} s.",
            millis / 1000.0
        ));
    }
    if spec.fit {
        state.fit.set(true);
    }
}

pub(super) fn set_body_attr(name: &str, value: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute(name, value);
    }
}
