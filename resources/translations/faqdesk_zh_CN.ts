<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArticleView</name>
    <message>
        <source>There is no article “{id}”.</source>
        <extracomment>The schemes handed to the system (browser, dialer, Telegram, mail client). The boxes that start checklist items (from the renderer's task lists). Fonts that read well in Chinese, in order of preference (Linux, Windows, macOS). Opens an external URL; tests replace it.</extracomment>
        <translation>没有“{id}”这篇文章。</translation>
    </message>
    <message>
        <source>Related articles</source>
        <translation>相关文章</translation>
    </message>
    <message>
        <source>Opening {link}</source>
        <translation>正在打开 {link}</translation>
    </message>
    <message>
        <source>Blocked a link that FAQDesk does not open: {link}</source>
        <translation>已拦截 FAQDesk 不打开的链接：{link}</translation>
    </message>
    <message>
        <source>Copied {link}</source>
        <translation>已复制 {link}</translation>
    </message>
    <message>
        <source>Could not write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>Choose an article on the left, or search for a few words.</source>
        <translation>请在左侧选择一篇文章，或输入几个词搜索。</translation>
    </message>
</context>
<context>
    <name>ChannelCard</name>
    <message>
        <source>good time</source>
        <extracomment>The opener used for "Open"; tests replace it (never open a real browser or dialler there).</extracomment>
        <translation>好时段</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>尚可</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>anytime</source>
        <translation>随时可用</translation>
    </message>
    <message>
        <source>hours unknown</source>
        <translation>时间未知</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Support ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>在线聊天</translation>
    </message>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>VK</source>
        <translation>VK</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>closes in {duration}</source>
        <translation>{duration}后关闭</translation>
    </message>
    <message>
        <source>opens in {duration}</source>
        <translation>{duration}后开放</translation>
    </message>
    <message>
        <source>good time starts in {duration}</source>
        <translation>{duration}后进入好时段</translation>
    </message>
    <message>
        <source>good time ends in {duration}</source>
        <translation>好时段还剩 {duration}</translation>
    </message>
    <message>
        <source>not filled in yet: add it from the official site</source>
        <translation>尚未填写：请从官方网站查到后补上</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>{kind}: {value}</source>
        <translation>{kind}：{value}</translation>
    </message>
</context>
<context>
    <name>ChannelTable</name>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Letters, digits and '-'; empty: the kind</source>
        <translation>字母、数字和“-”；留空则使用类型</translation>
    </message>
    <message>
        <source>Number, handle, address or web page</source>
        <translation>号码、账号、地址或网页</translation>
    </message>
    <message>
        <source>Only if different from the contact's, e.g. mon-fri 09:00-18:00</source>
        <translation>仅在与联系人时间不同时填写，例如 mon-fri 09:00-18:00</translation>
    </message>
    <message>
        <source>Own hours</source>
        <translation>单独时间</translation>
    </message>
    <message>
        <source>Reply (h)</source>
        <translation>回复（小时）</translation>
    </message>
    <message>
        <source>Usual reply time in hours, for written channels</source>
        <translation>书面渠道的一般回复时间（小时）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>What to call this channel, e.g. Office phone</source>
        <translation>渠道名称，例如“办公室电话”</translation>
    </message>
</context>
<context>
    <name>ConflictBox</name>
    <message>
        <source>A contact with this id was just created elsewhere (another window or the command line); choose another id.</source>
        <translation>刚刚已在别处（另一个窗口或命令行）创建了使用此编号的联系人，请换一个编号。</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>This contact was changed elsewhere (another window or the command line). Reload it to see the changes (your edits here are dropped), or overwrite them with what you entered.</source>
        <translation>这个联系人已在别处（另一个窗口或命令行）被修改。点“重新加载”查看这些修改（会丢弃您在这里的编辑），或点“覆盖”用您填写的内容替换。</translation>
    </message>
    <message>
        <source>This contact was deleted elsewhere (another window or the command line). Overwrite to save it again with what you entered here.</source>
        <translation>这个联系人已在别处（另一个窗口或命令行）被删除。点“覆盖”可按您在这里填写的内容重新保存。</translation>
    </message>
</context>
<context>
    <name>ContactEditor</name>
    <message>
        <source>A contact with this id already exists.</source>
        <translation>已有使用此编号的联系人。</translation>
    </message>
    <message>
        <source>Give a name in Chinese or English.</source>
        <translation>请填写中文或英文名称。</translation>
    </message>
    <message>
        <source>Your contacts folder cannot be written to, so changes cannot be saved right now.</source>
        <translation>联系人文件夹无法写入，暂时无法保存修改。</translation>
    </message>
    <message>
        <source>Could not save the contact: {error}</source>
        <translation>无法保存联系人：{error}</translation>
    </message>
    <message>
        <source>Undo my changes</source>
        <translation>撤销我的修改</translation>
    </message>
    <message>
        <source>Forget your changes to {name} and show it as shipped with FAQDesk?</source>
        <translation>放弃对 {name} 的修改，恢复为 FAQDesk 自带的内容吗？</translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <source>Delete {name} and all its channels?</source>
        <translation>删除 {name} 及其所有渠道吗？</translation>
    </message>
    <message>
        <source>Could not delete the contact: {error}</source>
        <translation>无法删除联系人：{error}</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>新建联系人</translation>
    </message>
    <message>
        <source>Edit contact</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Margin (minutes)</source>
        <translation>缓冲时间（分钟）</translation>
    </message>
    <message>
        <source>Last checked</source>
        <translation>最近核实</translation>
    </message>
    <message>
        <source>Checked at (web address)</source>
        <translation>核实来源（网址）</translation>
    </message>
    <message>
        <source>Notes (Chinese)</source>
        <translation>备注（中文）</translation>
    </message>
    <message>
        <source>Notes (English)</source>
        <translation>备注（英文）</translation>
    </message>
    <message>
        <source>e.g. my-forwarder</source>
        <translation>例如 my-forwarder</translation>
    </message>
    <message>
        <source>Russian production calendar</source>
        <translation>俄罗斯工作日历</translation>
    </message>
    <message>
        <source>No holidays</source>
        <translation>不考虑节假日</translation>
    </message>
    <message>
        <source>I checked these details on</source>
        <translation>我核实这些信息的日期</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>添加渠道</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>删除渠道</translation>
    </message>
</context>
<context>
    <name>ContactPanel</name>
    <message>
        <source>The contact {contact} no longer exists.</source>
        <translation>联系人 {contact} 已不存在。</translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>vCard files (*.vcf *.vcard)</source>
        <translation>vCard 文件 (*.vcf *.vcard)</translation>
    </message>
    <message>
        <source>Could not import {file}: {error}</source>
        <translation>无法导入 {file}：{error}</translation>
    </message>
    <message>
        <source>Imported {count} contacts from {file}.</source>
        <translation>已从 {file} 导入 {count} 个联系人。</translation>
    </message>
    <message>
        <source>Skipped: {problems}</source>
        <translation>已跳过：{problems}</translation>
    </message>
    <message>
        <source>Export contacts</source>
        <translation>导出联系人</translation>
    </message>
    <message>
        <source>vCard files (*.vcf)</source>
        <translation>vCard 文件 (*.vcf)</translation>
    </message>
    <message>
        <source>Could not export to {file}: {error}</source>
        <translation>无法导出到 {file}：{error}</translation>
    </message>
    <message>
        <source>Exported the contacts to {file}.</source>
        <translation>已将联系人导出到 {file}。</translation>
    </message>
    <message>
        <source>Contacts and call times</source>
        <translation>联系人与通话时间</translation>
    </message>
    <message>
        <source>Moscow time</source>
        <translation>莫斯科时间</translation>
    </message>
    <message>
        <source>Your time ({zone})</source>
        <translation>您的时间（{zone}）</translation>
    </message>
    <message>
        <source>Filter contacts…</source>
        <translation>筛选联系人…</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>添加联系人</translation>
    </message>
    <message>
        <source>Day plan for:</source>
        <translation>日程：</translation>
    </message>
    <message>
        <source>No contacts match the filter.</source>
        <translation>没有符合筛选条件的联系人。</translation>
    </message>
    <message>
        <source>Edit contact</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <source>Copied {value} to the clipboard.</source>
        <translation>已将 {value} 复制到剪贴板。</translation>
    </message>
    <message>
        <source>{contact} — {channel}</source>
        <translation>{contact} — {channel}</translation>
    </message>
    <message>
        <source>{day}, {zone}</source>
        <translation>{day}，{zone}</translation>
    </message>
    <message>
        <source>{zone} ({abbr}), local time {time}</source>
        <translation>{zone}（{abbr}），当地时间 {time}</translation>
    </message>
    <message>
        <source>Details last checked on {date}, more than 180 days ago; they may be out of date.</source>
        <translation>这些信息最近一次核实是在 {date}，已超过 180 天，可能已经过时。</translation>
    </message>
    <message>
        <source>Your contacts folder cannot be written to, so contacts are read-only for now.</source>
        <translation>联系人文件夹无法写入，联系人暂时只能查看。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>FAQDesk: something went wrong</source>
        <translation>FAQDesk：出现了问题</translation>
    </message>
    <message>
        <source>An unexpected error happened. FAQDesk keeps running, but the last action may not have finished. Please copy the details below into a bug report.</source>
        <translation>发生了意外错误。FAQDesk 仍在运行，但刚才的操作可能没有完成。请把下面的详细信息复制到错误报告中。</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>HoursEditor</name>
    <message>
        <source>Breaks</source>
        <translation>休息时间</translation>
    </message>
    <message>
        <source>Hours Mon–Fri</source>
        <translation>周一至周五时间</translation>
    </message>
    <message>
        <source>Hours Saturday</source>
        <translation>周六时间</translation>
    </message>
    <message>
        <source>Hours Sunday</source>
        <translation>周日时间</translation>
    </message>
    <message>
        <source>Other days</source>
        <translation>其他日期</translation>
    </message>
    <message>
        <source>e.g. 09:00-18:00; empty: closed</source>
        <translation>例如 09:00-18:00；留空表示休息</translation>
    </message>
    <message>
        <source>e.g. 10:00-14:00; empty: closed</source>
        <translation>例如 10:00-14:00；留空表示休息</translation>
    </message>
    <message>
        <source>e.g. 13:00-14:00</source>
        <translation>例如 13:00-14:00</translation>
    </message>
    <message>
        <source>e.g. fri 09:00-17:00</source>
        <translation>例如 fri 09:00-17:00</translation>
    </message>
    <message>
        <source>empty: closed</source>
        <translation>留空表示休息</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Contacts are not available: {error}</source>
        <extracomment>How long keystrokes are collapsed before the next search runs. Emitted after the results for a query are on screen (tests, benchmark). Emitted once the search index is open (or failed to open: ``searchReady`` False).</extracomment>
        <translation>联系人不可用：{error}</translation>
    </message>
    <message>
        <source>Contacts are not available.</source>
        <translation>联系人不可用。</translation>
    </message>
    <message>
        <source>The articles could not be loaded: {error}</source>
        <translation>无法加载文章：{error}</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>About FAQDesk</source>
        <translation>关于 FAQDesk</translation>
    </message>
    <message>
        <source>FAQDesk {version}
An offline support desk for sellers dealing with Ozon logistics: articles, search, contacts and call times.</source>
        <translation>FAQDesk {version}
为对接 Ozon 物流的卖家准备的离线客服助手：文章、搜索、联系人和通话时间。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation>后退 (Alt+←)</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>前进</translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation>前进 (Alt+→)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Copy the link to this article</source>
        <translation>复制这篇文章的链接</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>New contact…</source>
        <translation>新建联系人…</translation>
    </message>
    <message>
        <source>Import vCard…</source>
        <translation>导入 vCard…</translation>
    </message>
    <message>
        <source>Export vCard…</source>
        <translation>导出 vCard…</translation>
    </message>
    <message>
        <source>Content problems…</source>
        <translation>内容问题…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Tool bar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Search articles</source>
        <translation>搜索文章</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>Search index</source>
        <translation>搜索索引</translation>
    </message>
    <message>
        <source>1 content problem</source>
        <translation>1 个内容问题</translation>
    </message>
    <message>
        <source>{count} content problems</source>
        <translation>{count} 个内容问题</translation>
    </message>
    <message>
        <source>Show the problems found in the articles</source>
        <translation>查看文章中发现的问题</translation>
    </message>
</context>
<context>
    <name>NavigationPane</name>
    <message>
        <source>1 article found</source>
        <translation>找到 1 篇文章</translation>
    </message>
    <message>
        <source>{count} articles found</source>
        <translation>找到 {count} 篇文章</translation>
    </message>
    <message>
        <source>Did you mean {suggestion}?</source>
        <translation>您是不是要找 {suggestion}？</translation>
    </message>
    <message>
        <source>Getting the search ready; the results will appear in a moment.</source>
        <translation>正在准备搜索，结果马上就会出现。</translation>
    </message>
    <message>
        <source>The search could not be run: {error}</source>
        <translation>无法执行搜索：{error}</translation>
    </message>
    <message>
        <source>No article matches “{query}”.</source>
        <translation>没有与“{query}”匹配的文章。</translation>
    </message>
    <message>
        <source>Try fewer or other words, e.g. 退货, delivery delay, or a tracking number; check the spelling; or clear the box (Esc) to browse the categories.</source>
        <translation>试试少输几个词或换个说法，例如“退货”“延误”或追踪号；检查拼写；或清空搜索框（Esc）按分类浏览。</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <source>Content problems</source>
        <translation>内容问题</translation>
    </message>
    <message>
        <source>These files could not be used as they are. Everything else loaded; fix the files and restart FAQDesk.</source>
        <translation>以下文件无法按原样使用，其余内容均已加载。请修正这些文件后重新启动 FAQDesk。</translation>
    </message>
    <message>
        <source>No problems: every article loaded.</source>
        <translation>没有问题：所有文章均已加载。</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search articles (Ctrl+K)</source>
        <translation>搜索文章 (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search is not available</source>
        <translation>搜索不可用</translation>
    </message>
    <message>
        <source>Preparing search…</source>
        <translation>正在准备搜索…</translation>
    </message>
    <message>
        <source>Type a few words in Chinese, English or Russian</source>
        <translation>输入几个中文、英文或俄文词语</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <source>Search is not available: {error}</source>
        <translation>搜索不可用：{error}</translation>
    </message>
    <message>
        <source>Preparing search…</source>
        <translation>正在准备搜索…</translation>
    </message>
    <message>
        <source>{count} articles indexed</source>
        <translation>已索引 {count} 篇文章</translation>
    </message>
    <message>
        <source>1 article indexed</source>
        <translation>已索引 1 篇文章</translation>
    </message>
    <message>
        <source>The search failed: {error}</source>
        <translation>搜索失败：{error}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>“{zone}” is not a time zone, e.g. Asia/Shanghai</source>
        <extracomment>The language choices, each named in its own language.</extracomment>
        <translation>“{zone}”不是有效的时区，例如 Asia/Shanghai</translation>
    </message>
    <message>
        <source>Write your hours like 09:00-21:00 ({problem})</source>
        <translation>请按 09:00-21:00 的格式填写（{problem}）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>My time zone</source>
        <translation>我的时区</translation>
    </message>
    <message>
        <source>My calling hours</source>
        <translation>我方便打电话的时间</translation>
    </message>
    <message>
        <source>e.g. 09:00-21:00</source>
        <translation>例如 09:00-21:00</translation>
    </message>
    <message>
        <source>Reading font size</source>
        <translation>阅读字号</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>good</source>
        <translation>好时段</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>尚可</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{status}: {contact_times} {zone} = {caller_times} your time</source>
        <translation>{status}：{contact_times} {zone} = 您的时间 {caller_times}</translation>
    </message>
    <message>
        <source>Choose a channel with opening hours to see its day.</source>
        <translation>选择一个有营业时间的渠道以查看当天安排。</translation>
    </message>
    <message>
        <source>you</source>
        <translation>您</translation>
    </message>
    <message>
        <source>your calling hours</source>
        <translation>您方便打电话的时间</translation>
    </message>
</context>
</TS>