using Connector.Jobs.Admin;

namespace Connector.Jobs.Dashboard;

/// <summary>Renders the dashboard's pages as complete HTML documents. No script, no external resources.</summary>
internal static class DashboardPages
{
    private const string Css =
        """
        :root{--fg:#1d2330;--muted:#6b7280;--line:#e3e6ec;--bg:#f6f7f9;--card:#fff;--accent:#2456c7;--bad:#b42318;--ok:#1a7f37;--warn:#9a6700}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header{background:#1d2330;color:#fff;padding:10px 20px;display:flex;gap:14px;align-items:center;flex-wrap:wrap}
        header a{color:#cfd8ea;text-decoration:none}header a:hover{color:#fff}header .brand{font-weight:700;color:#fff;margin-right:8px}
        header form{margin:0}header .who{margin-left:auto;display:flex;gap:10px;align-items:center;color:#cfd8ea}
        main{padding:20px;max-width:1300px;margin:0 auto}h1{font-size:20px;margin:0 0 14px}h2{font-size:16px;margin:22px 0 8px}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin-bottom:8px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
        .card .n{font-size:24px;font-weight:650}.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .card a{text-decoration:none;color:inherit}
        table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
        th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}th{background:#eef1f5;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#4b5565}
        tr:last-child td{border-bottom:0}a{color:var(--accent)}.muted{color:var(--muted)}
        .state{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#e8ecf3}
        .state-failed{background:#fde8e7;color:var(--bad)}.state-succeeded{background:#e6f4ea;color:var(--ok)}.state-processing{background:#fff4d6;color:var(--warn)}
        .state-enqueued{background:#e4ecfb;color:var(--accent)}.state-deleted{background:#eceef1;color:var(--muted)}
        pre{background:#0f1420;color:#e6e9ef;padding:12px;border-radius:6px;overflow:auto;max-height:420px;white-space:pre-wrap;word-break:break-word}
        .error{color:var(--bad)}.flash{background:#e4ecfb;border:1px solid #b8cbf3;padding:8px 12px;border-radius:6px;margin-bottom:14px}
        form.inline{display:inline;margin:0}button{font:inherit;padding:4px 12px;border-radius:6px;border:1px solid #b9c1ce;background:#fff;cursor:pointer}
        button.primary{background:var(--accent);border-color:var(--accent);color:#fff}button.danger{border-color:#e4a6a0;color:var(--bad)}
        input,select{font:inherit;padding:4px 6px;border:1px solid #b9c1ce;border-radius:6px}
        .filters{display:flex;gap:8px;flex-wrap:wrap;align-items:end;margin-bottom:12px}.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
        .bulk{display:flex;gap:12px;margin:12px 0;flex-wrap:wrap}.bulk form{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px}
        dl{display:grid;grid-template-columns:160px 1fr;gap:4px 12px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px}dt{color:var(--muted)}dd{margin:0}
        .actions{display:flex;gap:8px;margin:12px 0}.pager{margin-top:10px;display:flex;gap:14px}
        .login{max-width:340px;margin:60px auto;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:20px}
        .login label{display:block;margin-bottom:10px}.login input{width:100%}
        """;

    private static readonly string[] ListStates = [JobStates.Enqueued, JobStates.Scheduled, JobStates.Processing, JobStates.Failed, JobStates.Succeeded, JobStates.Deleted];

    public static string Overview(DashboardRequest request, JobsOverview overview)
    {
        var html = new Html();
        html.Raw("<h1>Overview</h1><div class=\"cards\">");
        foreach (var state in ListStates)
        {
            var count = overview.Counts.Where(c => c.State == state).Sum(c => c.Count);
            html.Raw($"<div class=\"card\"><a href=\"{request.BasePath}/jobs?state={state}\"><div class=\"n\" id=\"count-{state}\">").Text(count)
                .Raw($"</div><div class=\"l\">{state}</div></a></div>");
        }

        html.Raw("<div class=\"card\"><div class=\"n\">").Text(overview.SucceededLastHour).Raw("</div><div class=\"l\">succeeded last hour</div></div>");
        html.Raw("<div class=\"card\"><div class=\"n\">").Text(overview.FailedLastHour).Raw("</div><div class=\"l\">failed last hour</div></div>");
        html.Raw("<div class=\"card\"><div class=\"n\">")
            .Text(overview.OldestWaiting is { } oldest ? Html.Ago(overview.Now - oldest.RunAt).Replace(" ago", "", StringComparison.Ordinal) : "–")
            .Raw("</div><div class=\"l\">oldest waiting</div></div></div>");
        if (overview.OldestWaiting is { } waiting)
        {
            html.Raw("<p class=\"muted\">Oldest waiting job: ").Link($"{request.BasePath}/jobs/{waiting.Id}", $"#{waiting.Id} {waiting.Kind}")
                .Raw(" in queue ").Text(waiting.Queue).Raw(", due ").Time(waiting.RunAt, overview.Now).Raw("</p>");
        }

        if (overview.PausedQueues.Count > 0)
        {
            html.Raw("<p class=\"error\">Paused queues: ").Text(string.Join(", ", overview.PausedQueues)).Raw("</p>");
        }

        html.Raw("<h2>Queues</h2><table><thead><tr><th>Queue</th>");
        foreach (var state in ListStates)
        {
            html.Raw($"<th>{state}</th>");
        }

        html.Raw("</tr></thead><tbody>");
        foreach (var queue in overview.Counts.Select(c => c.Queue).Distinct())
        {
            html.Raw("<tr><td>").Text(queue).Raw("</td>");
            foreach (var state in ListStates)
            {
                var count = overview.Counts.FirstOrDefault(c => c.Queue == queue && c.State == state)?.Count ?? 0;
                html.Raw("<td>").Link($"{request.BasePath}/jobs?state={state}&queue={Html.Url(queue)}", count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</td>");
            }

            html.Raw("</tr>");
        }

        if (overview.Counts.Count == 0)
        {
            html.Raw($"<tr><td colspan=\"{ListStates.Length + 1}\" class=\"muted\">No jobs yet.</td></tr>");
        }

        html.Raw("</tbody></table><h2>Recurring jobs</h2>");
        RecurringTable(html, request, overview.Recurring, actions: false);
        html.Raw("<h2>Servers</h2>");
        ServersTable(html, request, overview.Servers);
        return Layout(request, "Overview", html);
    }

    public static string JobList(DashboardRequest request, JobFilter filter, KeysetPage<JobSummary> page, bool firstPage, string fromText, string toText)
    {
        var html = new Html();
        html.Raw("<h1>").Text(char.ToUpperInvariant(filter.State[0]) + filter.State[1..]).Raw(" jobs</h1>");
        html.Raw($"<form class=\"filters\" method=\"get\" action=\"{request.BasePath}/jobs\"><label>State<select name=\"state\">");
        foreach (var state in ListStates)
        {
            html.Raw($"<option value=\"{state}\"{(state == filter.State ? " selected" : "")}>{state}</option>");
        }

        html.Raw("</select></label>")
            .Raw($"<label>Queue<input name=\"queue\" value=\"{Html.Attribute(filter.Queue)}\"></label>")
            .Raw($"<label>Kind<input name=\"kind\" value=\"{Html.Attribute(filter.Kind)}\"></label>")
            .Raw($"<label>Created from (UTC)<input type=\"datetime-local\" step=\"1\" name=\"from\" value=\"{Html.Attribute(fromText)}\"></label>")
            .Raw($"<label>Created before (UTC)<input type=\"datetime-local\" step=\"1\" name=\"to\" value=\"{Html.Attribute(toText)}\"></label>")
            .Raw("<button type=\"submit\">Filter</button></form>");

        if (request.CanOperate)
        {
            html.Raw("<div class=\"bulk\">");
            if (filter.State is JobStates.Failed or JobStates.Scheduled)
            {
                BulkForm(html, request, "retry-matching", "Retry all matching", "primary", filter, fromText, toText);
            }

            if (filter.State is not (JobStates.Processing or JobStates.Deleted))
            {
                BulkForm(html, request, "delete-matching", "Delete all matching", "danger", filter, fromText, toText);
            }

            html.Raw("</div>");
        }

        JobsTable(html, request, page.Items);
        html.Raw("<div class=\"pager\">");
        var query = $"state={Html.Url(filter.State)}&queue={Html.Url(filter.Queue)}&kind={Html.Url(filter.Kind)}&from={Html.Url(fromText)}&to={Html.Url(toText)}";
        if (!firstPage)
        {
            html.Link($"{request.BasePath}/jobs?{query}", "« First page");
        }

        if (page.NextBefore is { } next)
        {
            html.Link($"{request.BasePath}/jobs?{query}&before={next}", "Next page »", "next");
        }

        html.Raw("</div>");
        return Layout(request, $"{filter.State} jobs", html);
    }

    public static string Search(DashboardRequest request, string query, IReadOnlyList<JobSummary> results)
    {
        var html = new Html();
        html.Raw("<h1>Search</h1>");
        html.Raw($"<form class=\"filters\" method=\"get\" action=\"{request.BasePath}/search\"><label>Business key (exact or prefix) or job id<input name=\"q\" size=\"40\" value=\"{Html.Attribute(query)}\"></label><button type=\"submit\">Search</button></form>");
        if (query.Length > 0)
        {
            html.Raw("<p class=\"muted\">").Text(results.Count).Raw(" result(s) for ").Element("strong", query).Raw("</p>");
            JobsTable(html, request, results);
        }

        return Layout(request, "Search", html);
    }

    public static string JobDetail(DashboardRequest request, JobDetail detail)
    {
        var job = detail.Job;
        var html = new Html();
        html.Raw("<h1>Job #").Text(job.Id).Raw(" ").Text(job.Kind).Raw(" ").Raw(State(job.State)).Raw("</h1>");
        if (request.CanOperate)
        {
            html.Raw("<div class=\"actions\">");
            if (job.State is JobStates.Failed or JobStates.Scheduled)
            {
                ActionForm(html, request, $"/jobs/{job.Id}/retry", "Retry now", "primary");
            }

            if (job.State is not (JobStates.Processing or JobStates.Deleted))
            {
                ActionForm(html, request, $"/jobs/{job.Id}/delete", "Delete", "danger");
            }

            html.Raw("</div>");
        }

        html.Raw("<dl>");
        Row(html, "Queue", job.Queue);
        Row(html, "Priority", job.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row(html, "Attempts", $"{job.Attempt} of {job.MaxAttempts}");
        Row(html, "Business key", job.BusinessKey);
        Row(html, "Unique key", detail.UniqueKey);
        Row(html, "Recurring", detail.RecurringId);
        Row(html, "Worker", detail.Worker);
        html.Raw("<dt>Run at</dt><dd>").Time(job.RunAt, request.Now).Raw("</dd>");
        html.Raw("<dt>Created</dt><dd>").Time(job.CreatedAt, request.Now).Raw("</dd>");
        html.Raw("<dt>Updated</dt><dd>").Time(job.UpdatedAt, request.Now).Raw("</dd>");
        html.Raw("<dt>Finished</dt><dd>").Time(job.FinishedAt, request.Now).Raw("</dd>");
        if (detail.LeaseExpiresAt is { } lease)
        {
            html.Raw("<dt>Lease expires</dt><dd>").Time(lease, request.Now).Raw("</dd>");
        }

        html.Raw("<dt>Last error</dt><dd class=\"error\" id=\"last-error\">").Text(job.LastError).Raw("</dd></dl>");
        html.Raw("<h2>Arguments (version ").Text(detail.ArgsVersion).Raw(")</h2><pre id=\"args\">").Text(detail.ArgsJson).Raw("</pre>");

        html.Raw("<h2>Attempts</h2><table><thead><tr><th>#</th><th>Worker</th><th>Started</th><th>Duration</th><th>Outcome</th><th>Error</th></tr></thead><tbody>");
        foreach (var attempt in detail.Attempts)
        {
            html.Raw("<tr><td>").Text(attempt.Attempt).Raw("</td><td>").Text(attempt.Worker).Raw("</td><td>").Time(attempt.StartedAt, request.Now)
                .Raw("</td><td>").Text(attempt.FinishedAt is { } end ? $"{(end - attempt.StartedAt).TotalMilliseconds:0} ms" : "running")
                .Raw("</td><td>").Text(attempt.Outcome).Raw("</td><td><span class=\"error\">").Text(attempt.Error).Raw("</span>");
            if (!string.IsNullOrEmpty(attempt.Exception))
            {
                html.Raw("<details><summary>Exception</summary><pre>").Text(attempt.Exception).Raw("</pre></details>");
            }

            html.Raw("</td></tr>");
        }

        if (detail.Attempts.Count == 0)
        {
            html.Raw("<tr><td colspan=\"6\" class=\"muted\">No attempts yet.</td></tr>");
        }

        html.Raw("</tbody></table><h2>State history</h2><table><thead><tr><th>When</th><th>State</th><th>Reason</th></tr></thead><tbody id=\"history\">");
        foreach (var change in detail.History)
        {
            html.Raw("<tr><td>").Time(change.At, request.Now).Raw("</td><td>").Raw(State(change.State)).Raw("</td><td>").Text(change.Reason).Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
        return Layout(request, $"Job {job.Id}", html);
    }

    public static string Recurring(DashboardRequest request, IReadOnlyList<RecurringJobInfo> recurring)
    {
        var html = new Html();
        html.Raw("<h1>Recurring jobs</h1>");
        RecurringTable(html, request, recurring, actions: request.CanOperate);
        return Layout(request, "Recurring jobs", html);
    }

    public static string Queues(DashboardRequest request, IReadOnlyList<QueueInfo> queues)
    {
        var html = new Html();
        html.Raw("<h1>Queues</h1><table><thead><tr><th>Queue</th><th>Status</th><th>Scheduled</th><th>Enqueued</th><th>Processing</th><th>Failed</th><th></th></tr></thead><tbody>");
        foreach (var queue in queues)
        {
            html.Raw("<tr><td>").Text(queue.Name).Raw("</td><td>").Raw(queue.Paused ? "<span class=\"state state-failed\">paused</span>" : "<span class=\"state state-succeeded\">running</span>")
                .Raw("</td><td>").Text(queue.Scheduled).Raw("</td><td>").Text(queue.Enqueued).Raw("</td><td>").Text(queue.Processing).Raw("</td><td>").Text(queue.Failed).Raw("</td><td>");
            if (request.CanOperate)
            {
                var verb = queue.Paused ? "resume" : "pause";
                ActionForm(html, request, $"/queues/{Html.Url(queue.Name)}/{verb}", queue.Paused ? "Resume" : "Pause", queue.Paused ? "primary" : "danger");
            }

            html.Raw("</td></tr>");
        }

        if (queues.Count == 0)
        {
            html.Raw("<tr><td colspan=\"7\" class=\"muted\">No queues yet.</td></tr>");
        }

        html.Raw("</tbody></table>");
        return Layout(request, "Queues", html);
    }

    public static string Servers(DashboardRequest request, IReadOnlyList<ServerInfo> servers)
    {
        var html = new Html();
        html.Raw("<h1>Servers</h1>");
        ServersTable(html, request, servers);
        return Layout(request, "Servers", html);
    }

    public static string Audit(DashboardRequest request, KeysetPage<AuditEntry> page)
    {
        var html = new Html();
        html.Raw("<h1>Audit log</h1><table><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Detail</th></tr></thead><tbody id=\"audit\">");
        foreach (var entry in page.Items)
        {
            html.Raw("<tr><td>").Time(entry.At, request.Now).Raw("</td><td>").Text(entry.Actor).Raw("</td><td>").Text(entry.Action)
                .Raw("</td><td>").Text(entry.Target).Raw("</td><td>").Text(entry.Detail).Raw("</td></tr>");
        }

        if (page.Items.Count == 0)
        {
            html.Raw("<tr><td colspan=\"5\" class=\"muted\">Nothing recorded yet.</td></tr>");
        }

        html.Raw("</tbody></table><div class=\"pager\">");
        if (page.NextBefore is { } next)
        {
            html.Link($"{request.BasePath}/audit?before={next}", "Next page »", "next");
        }

        html.Raw("</div>");
        return Layout(request, "Audit log", html);
    }

    public static string Message(DashboardRequest request, string title, string message)
    {
        var html = new Html();
        html.Element("h1", title).Element("p", message, "error");
        return Layout(request, title, html);
    }

    public static string Login(string basePath, string returnUrl, string fieldName, string token, string? error)
    {
        var html = new Html();
        html.Raw($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>Log in · Jobs</title><style>{Css}</style></head><body>");
        html.Raw($"<form class=\"login\" method=\"post\" action=\"{basePath}/login\"><h1>Jobs dashboard</h1>");
        if (error is not null)
        {
            html.Element("p", error, "error");
        }

        html.Hidden(fieldName, token).Hidden("returnUrl", returnUrl)
            .Raw("<label>Name<input name=\"name\" autocomplete=\"username\" required autofocus></label>")
            .Raw("<label>Password<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>")
            .Raw("<button class=\"primary\" type=\"submit\">Log in</button></form></body></html>");
        return html.ToString();
    }

    private static string Layout(DashboardRequest request, string title, Html body)
    {
        var b = request.BasePath;
        var html = new Html();
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
            .Text(title).Raw($" · Jobs</title><style>{Css}</style></head><body><header><a class=\"brand\" href=\"{b}/\">Jobs</a>")
            .Raw($"<a href=\"{b}/\">Overview</a>");
        foreach (var state in ListStates)
        {
            html.Raw($"<a href=\"{b}/jobs?state={state}\">{char.ToUpperInvariant(state[0])}{state[1..]}</a>");
        }

        html.Raw($"<a href=\"{b}/recurring\">Recurring</a><a href=\"{b}/queues\">Queues</a><a href=\"{b}/servers\">Servers</a><a href=\"{b}/audit\">Audit</a>")
            .Raw($"<form method=\"get\" action=\"{b}/search\"><input name=\"q\" placeholder=\"Business key or job id\" size=\"22\" aria-label=\"Search\"></form>")
            .Raw("<span class=\"who\">").Text(request.UserName).Raw(" (").Text(request.Role.ToString()).Raw(")");
        if (request.LoggedIn)
        {
            html.Raw($"<form class=\"inline\" method=\"post\" action=\"{b}/logout\" id=\"logout\">").Hidden(request.AntiforgeryFieldName, request.AntiforgeryToken)
                .Raw("<button type=\"submit\">Log out</button></form>");
        }

        html.Raw("</span></header><main>");
        if (request.Flash is not null)
        {
            html.Element("div", request.Flash, "flash");
        }

        return html.Raw(body.ToString()).Raw("</main></body></html>").ToString();
    }

    private static void JobsTable(Html html, DashboardRequest request, IReadOnlyList<JobSummary> jobs)
    {
        html.Raw("<table><thead><tr><th>Id</th><th>Kind</th><th>Queue</th><th>State</th><th>Business key</th><th>Attempts</th><th>Last error</th><th>Created</th><th>Updated</th></tr></thead><tbody id=\"jobs\">");
        foreach (var job in jobs)
        {
            var error = job.LastError is { Length: > 160 } long_ ? long_[..160] + "…" : job.LastError;
            html.Raw("<tr><td>").Link($"{request.BasePath}/jobs/{job.Id}", $"#{job.Id}").Raw("</td><td>").Text(job.Kind).Raw("</td><td>").Text(job.Queue)
                .Raw("</td><td>").Raw(State(job.State)).Raw("</td><td>").Text(job.BusinessKey).Raw("</td><td>").Text($"{job.Attempt}/{job.MaxAttempts}")
                .Raw("</td><td class=\"error\">").Text(error).Raw("</td><td>").Time(job.CreatedAt, request.Now).Raw("</td><td>").Time(job.UpdatedAt, request.Now).Raw("</td></tr>");
        }

        if (jobs.Count == 0)
        {
            html.Raw("<tr><td colspan=\"9\" class=\"muted\">No jobs.</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void RecurringTable(Html html, DashboardRequest request, IReadOnlyList<RecurringJobInfo> recurring, bool actions)
    {
        html.Raw("<table><thead><tr><th>Id</th><th>Kind</th><th>Cron</th><th>Queue</th><th>Status</th><th>Last run</th><th>Next run</th>")
            .Raw(actions ? "<th></th>" : "").Raw("</tr></thead><tbody>");
        foreach (var job in recurring)
        {
            html.Raw("<tr><td>").Text(job.Id).Raw("</td><td>").Text(job.Kind).Raw("</td><td><code>").Text(job.Cron).Raw("</code></td><td>").Text(job.Queue)
                .Raw("</td><td>").Raw(job.Enabled ? "<span class=\"state state-succeeded\">enabled</span>" : "<span class=\"state state-deleted\">disabled</span>")
                .Raw(job.TriggerRequested ? " <span class=\"muted\">trigger requested</span>" : "").Raw("</td><td>").Time(job.LastRunAt, request.Now);
            if (job.LastJobId is { } last)
            {
                html.Raw(" ").Link($"{request.BasePath}/jobs/{last}", $"#{last}").Raw(" ").Raw(job.LastJobState is null ? "" : State(job.LastJobState));
            }

            html.Raw("</td><td>").Time(job.NextRunAt, request.Now).Raw("</td>");
            if (actions)
            {
                html.Raw("<td>");
                var id = Html.Url(job.Id);
                if (job.Enabled)
                {
                    ActionForm(html, request, $"/recurring/{id}/trigger", "Trigger now", "primary");
                    ActionForm(html, request, $"/recurring/{id}/disable", "Disable", "danger");
                }
                else
                {
                    ActionForm(html, request, $"/recurring/{id}/enable", "Enable", "");
                }

                html.Raw("</td>");
            }

            html.Raw("</tr>");
        }

        if (recurring.Count == 0)
        {
            html.Raw($"<tr><td colspan=\"{(actions ? 8 : 7)}\" class=\"muted\">No recurring jobs.</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void ServersTable(Html html, DashboardRequest request, IReadOnlyList<ServerInfo> servers)
    {
        html.Raw("<table><thead><tr><th>Server</th><th>Host</th><th>Workers</th><th>Queues</th><th>Started</th><th>Heartbeat</th></tr></thead><tbody>");
        foreach (var server in servers)
        {
            html.Raw("<tr><td>").Text(server.Id).Raw(server.Live ? " <span class=\"state state-succeeded\">live</span>" : " <span class=\"state state-failed\">silent</span>")
                .Raw("</td><td>").Text(server.Host).Raw("</td><td>").Text(server.Workers).Raw("</td><td>").Text(string.Join(", ", server.Queues))
                .Raw("</td><td>").Time(server.StartedAt, request.Now).Raw("</td><td>").Time(server.HeartbeatAt, request.Now).Raw("</td></tr>");
        }

        if (servers.Count == 0)
        {
            html.Raw("<tr><td colspan=\"6\" class=\"muted\">No engine instance has reported in.</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void ActionForm(Html html, DashboardRequest request, string path, string label, string cssClass) =>
        html.Raw($"<form class=\"inline\" method=\"post\" action=\"{request.BasePath}{path}\">").Hidden(request.AntiforgeryFieldName, request.AntiforgeryToken)
            .Raw($"<button type=\"submit\" class=\"{cssClass}\">").Text(label).Raw("</button></form> ");

    private static void BulkForm(Html html, DashboardRequest request, string verb, string label, string cssClass, JobFilter filter, string fromText, string toText) =>
        html.Raw($"<form method=\"post\" action=\"{request.BasePath}/jobs/{verb}\">").Hidden(request.AntiforgeryFieldName, request.AntiforgeryToken)
            .Hidden("state", filter.State).Hidden("queue", filter.Queue).Hidden("kind", filter.Kind).Hidden("from", fromText).Hidden("to", toText)
            .Raw("<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> every job matching this filter, not just this page</label> ")
            .Raw($"<button type=\"submit\" class=\"{cssClass}\">").Text(label).Raw("</button></form>");

    private static void Row(Html html, string label, string? value) => html.Raw("<dt>").Text(label).Raw("</dt><dd>").Text(value ?? "–").Raw("</dd>");

    private static string State(string state) => $"<span class=\"state state-{Html.Attribute(state)}\">{Html.Attribute(state)}</span>";
}
