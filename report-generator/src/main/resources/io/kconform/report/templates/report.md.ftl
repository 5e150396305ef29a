<#ftl output_format="Markdown" strip_whitespace=true>
<#--
  report.md: for pull-request comments, hence short: per target the verdict, the levels, the capability
  row, what holds each level back, what changed since the baseline and what else failed, each list capped;
  every detail is in report.html, linked. Under 60 lines for one target. The Markdown output format escapes
  every interpolation (| * _ [ ] < > ` \ ~ &) and turns a line break into <br>, so text from the endpoint
  can neither break a table nor become markup.
-->
<#assign cap = 10>
<#function icon outcome><#return {"PASS": "✅", "FAIL": "❌", "UNSUPPORTED": "➖", "SKIPPED": "⏭️", "ERROR": "⚠️",
  "NOT_RUN": "⏹️",
  "CERTIFIED": "✅", "NOT_CERTIFIED": "❌", "BLOCKED_BELOW": "⬇️", "NOT_ASSESSED": "➖"}[outcome]!"">
</#function>
<#if view.targets?size == 1>
**${view.targets[0].headline}**
<#else>
<#list view.targets as t>
- **${t.name}**: ${t.headline}
</#list>

All ${view.targets?size} targets side by side, differences first: compare.md, compare.html
</#if>

<sub>${view.tool} ${view.toolVersion} · ${view.baseline} baseline<#if view.startedAt?has_content> · started ${view.startedAt}</#if><#if view.duration?has_content> · took ${view.duration}</#if><#if view.selection?has_content> · selection: ${view.selection}</#if></sub>
<#if view.interrupted?has_content>

> **INTERRUPTED — the run was stopped before every check ran; what ran is reported, nothing more is certified.**<br>${view.interrupted}
</#if>
<#list view.targets as t>
<#assign s = t.summary>

## ${t.name} (${t.kind})

${s.verdictLine}
<#if t.error?has_content>

> **ERROR — the target could not be started or reached; no check ran and nothing is certified.**<br>${t.error}
<#else>

<#list t.tallies?filter(c -> c.count gt 0) as c>${c.count} ${c.label}<#sep> · </#sep></#list> · ${t.duration}
<#if t.levels?has_content>

| Level | State | Why |
|---|---|---|
<#list t.levels as l>
| ${l.name} | ${icon(l.state)} ${l.stateLabel} | ${l.summary} |
</#list>
</#if>
<#if s.marks?has_content>

Capabilities: <#list s.marks as m>${m.name} ${m.sign}<#sep> · </#sep></#list> <sub>(✓ works, ✗ broken, — not offered, ? not assessed)</sub>
</#if>
<#if s.blockers?has_content>

**What holds the levels back** — FAIL: claimed, broken; UNSUPPORTED: not offered

| Level | Outcome | Check | Message |
|---|---|---|---|
<#list s.blockers as b><#if b?index lt cap>
| ${b.level} | ${icon(b.outcome)} ${b.label} | `${b.id}` | ${b.message} |
</#if></#list>
<#if s.blockers?size gt cap>

… and ${s.blockers?size - cap} more in report.html.
</#if>
</#if>
<#list s.heldBack?filter(h -> !h.failed?has_content && !h.unsupported?has_content) as h>
<#if h?is_first>

</#if>
- ${h.level} ${h.stateLabel?lower_case}: ${h.why}
</#list>
<#if s.changes?has_content>

**Since the baseline** (${s.changes?size} changed)

<#list s.changes as c><#if c?index lt cap>
- `${c.id}` ${c.note}
</#if></#list>
<#if s.changes?size gt cap>
- … and ${s.changes?size - cap} more in report.html.
</#if>
</#if>
<#if s.others?has_content>

**Other findings** (${s.others?size}; they decide no level)

<#list s.others as c><#if c?index lt cap>
- ${icon(c.outcome)} ${c.label} `${c.id}` (${c.note}) ${c.message}
</#if></#list>
<#if s.others?size gt cap>
- … and ${s.others?size - cap} more in report.html.
</#if>
</#if>
</#if>
</#list>

Every check with its hint, spec and evidence: [report.html](report.html) · data: [results.json](results.json)
