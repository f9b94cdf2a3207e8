<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../src/views/approval.py" line="42"/>
        <source>Manager approval (店长审批)</source>
        <translation>店长审批</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="48"/>
        <source>Case {0} needs a manager because:</source>
        <translation>售后单 {0} 需店长审批，原因如下：</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="55"/>
        <source>Note (required to reject)</source>
        <translation>备注（驳回时必填）</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="57"/>
        <source>Manager&apos;s staff number</source>
        <translation>店长工号</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="58"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="59"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="60"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="62"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="64"/>
        <source>Not now</source>
        <translation>暂不处理</translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="97"/>
        <source>Give the reason for rejecting.</source>
        <translation>请填写驳回原因。</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../src/views/case_detail.py" line="74"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="75"/>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="76"/>
        <source>Inspection</source>
        <translation>检验</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="77"/>
        <source>Liability</source>
        <translation>责任方</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="78"/>
        <source>Decision</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="79"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="80"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="86"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="86"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="86"/>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="86"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="96"/>
        <source>Open slip PDF</source>
        <translation>打开售后退货单 PDF</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="101"/>
        <source>Reprint slip</source>
        <translation>重印退货单</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="101"/>
        <source>Preview slip</source>
        <translation>预览退货单</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="102"/>
        <source>Reprint receipt</source>
        <translation>重印顾客回执</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="102"/>
        <source>Preview receipt</source>
        <translation>预览顾客回执</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="112"/>
        <source>Manager approval…</source>
        <translation>店长审批…</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="115"/>
        <source>Continue the case</source>
        <translation>继续处理</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="118"/>
        <source>Cancel case…</source>
        <translation>取消售后单…</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="134"/>
        <source>Items</source>
        <translation>商品明细</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="136"/>
        <source>Timeline</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="152"/>
        <source>Case {0} is not on this till.</source>
        <translation>本收银台没有售后单 {0}。</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="158"/>
        <source>Case {0} · {1}</source>
        <translation>售后单 {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="164"/>
        <source>For review: head office counts {0} returned of line {1} ({2}), but {3} were sold. Case {4} returned it too. Do not refund it again; the store manager settles this with head office.</source>
        <translation>待核查：总部记录第 {1} 行（{2}）已退回 {0} 件，但只售出 {3} 件。售后单 {4} 也退过此商品。请勿再次退款，由店长与总部核对处理。</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="174"/>
        <source>Opened {0} at till {1} by {2} · receipt {3}
Customer {4} {5} · {6} · {7} · wants {8}
{9}</source>
        <translation>{0} 受理 · 收银台 {1} · 经办人 {2} · 小票 {3}
顾客 {4} {5} · {6} · {7} · 诉求：{8}
{9}</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="198"/>
        <source>tags on</source>
        <translation>吊牌在</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="198"/>
        <source>tags missing</source>
        <translation>吊牌缺失</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="199"/>
        <source>worn</source>
        <translation>已穿着</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="200"/>
        <source>washed</source>
        <translation>已洗涤</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="201"/>
        <source>stains</source>
        <translation>有污渍</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="202"/>
        <source>odour</source>
        <translation>有异味</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="350"/>
        <source>Cancel case</source>
        <translation>取消售后单</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="351"/>
        <source>Why is the case cancelled? (kept in its timeline)</source>
        <translation>请填写取消原因（将记入处理记录）：</translation>
    </message>
</context>
<context>
    <name>CasesView</name>
    <message>
        <location filename="../../src/views/cases.py" line="38"/>
        <source>Cases</source>
        <translation>售后单</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="43"/>
        <source>Case number, receipt number, or phone (full or last 4 digits); Enter to search</source>
        <translation>售后单号、小票号或手机号（完整号码或后 4 位），按 Enter 查询</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="49"/>
        <source>Today&apos;s and open cases</source>
        <translation>今日及未结售后单</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="50"/>
        <source>All cases</source>
        <translation>全部售后单</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="59"/>
        <source>Case</source>
        <translation>售后单号</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="60"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="61"/>
        <source>Opened</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="62"/>
        <source>Receipt</source>
        <translation>小票号</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="63"/>
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="64"/>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="65"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="97"/>
        <source>review</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="113"/>
        <source>Head office found more of this sale returned than was sold: open the case to see with which other case.</source>
        <translation>总部发现此小票的退货数量多于售出数量：打开售后单查看与哪张售后单重复。</translation>
    </message>
</context>
<context>
    <name>DecisionView</name>
    <message>
        <location filename="../../src/views/decision.py" line="266"/>
        <source>Decision</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="276"/>
        <source>Complete case (Ctrl+Enter)</source>
        <translation>完成售后 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="311"/>
        <source>Case {0} · {1} · customer wants: {2}</source>
        <translation>售后单 {0} · {1} · 顾客诉求：{2}</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="345"/>
        <source>Refund in all: {0} to {1}</source>
        <translation>退款合计：{0}，退至{1}</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="351"/>
        <source>Needs a manager&apos;s approval: </source>
        <translation>需店长审批：</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="356"/>
        <source>Within the policy: no approval needed.</source>
        <translation>符合政策，无需审批。</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="420"/>
        <source>The manager rejected this decision: {0}. Change the decision and complete again, or cancel the case from the case list.</source>
        <translation>店长已驳回此处理方案：{0}。请修改方案后重新完成，或在售后单列表中取消此单。</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="428"/>
        <source>The case is saved and waits for a manager. Complete again when one is here, or find it later in the case list (F3).</source>
        <translation>售后单已保存，等待店长审批。店长到场后请再次点击完成，或稍后在售后单列表 (F3) 中找到此单。</translation>
    </message>
</context>
<context>
    <name>DocumentRow</name>
    <message>
        <location filename="../../src/views/done.py" line="36"/>
        <location filename="../../src/views/done.py" line="54"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="39"/>
        <source>Save PDF as…</source>
        <translation>另存 PDF…</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="53"/>
        <source>Not printed yet.</source>
        <translation>尚未打印。</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="61"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="69"/>
        <source>Print again</source>
        <translation>再次打印</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="69"/>
        <location filename="../../src/views/done.py" line="76"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="79"/>
        <source>The PDF could not be written ({0}). The case is saved.</source>
        <translation>无法生成 PDF（{0}）。售后单已保存。</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="96"/>
        <source>Save the PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="98"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="115"/>
        <source>Saved as {0}.</source>
        <translation>已另存为 {0}。</translation>
    </message>
</context>
<context>
    <name>DoneView</name>
    <message>
        <location filename="../../src/views/done.py" line="135"/>
        <source>Case completed</source>
        <translation>售后已完成</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="139"/>
        <source>Open slip PDF (Ctrl+P)</source>
        <translation>打开售后退货单 PDF (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="143"/>
        <source>Write the slip again</source>
        <translation>重新生成售后退货单</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="146"/>
        <source>Next customer (Enter)</source>
        <translation>下一位顾客 (Enter)</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="183"/>
        <source>Case {0} is {1}. Refund in all: {2} to {3}. Customer: {4} {5}.</source>
        <translation>售后单 {0}：{1}。退款合计：{2}，退至{3}。顾客：{4} {5}。</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="192"/>
        <source>Writing the return slip…</source>
        <translation>正在生成售后退货单…</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="207"/>
        <source>Return slip saved: {0}</source>
        <translation>售后退货单已保存：{0}</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="215"/>
        <source>No printer is set for it: choose one in Settings (F9).</source>
        <translation>未设置打印机：请在设置（F9）中选择。</translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="224"/>
        <source>The case is saved, but its slip could not be written ({0}). Free disk space or check the slips folder, then write it again.</source>
        <translation>售后单已保存，但售后退货单未能生成（{0}）。请清理磁盘空间或检查单据文件夹，然后重新生成。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../src/ui/app.py" line="45"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../src/ui/app.py" line="47"/>
        <source>Something went wrong in Aftersales Desk. What was saved before is safe. Please send the details below to IT support.</source>
        <translation>售后台出现错误。此前已保存的内容不受影响。请将以下详细信息发送给 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../src/ui/app.py" line="87"/>
        <source>Aftersales Desk is already running with this data folder ({0}). Use the window that is open.</source>
        <translation>售后台已在运行并使用此数据文件夹（{0}）。请使用已打开的窗口。</translation>
    </message>
    <message>
        <location filename="../../src/ui/app.py" line="96"/>
        <source>Already running</source>
        <translation>已在运行</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="212"/>
        <source>The store&apos;s token cannot be saved: the folder {0} cannot be written ({1}). Nothing was changed: ask IT to make that folder writable for this user.</source>
        <translation>无法保存门店令牌：文件夹 {0} 无法写入（{1}）。未做任何更改：请联系 IT 为本用户开放该文件夹的写入权限。</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="262"/>
        <source>The store&apos;s policy file {0} cannot be used: {1}: {2}. Until it is corrected, this till decides by the built-in policy {3}.</source>
        <translation>门店政策文件 {0} 无法使用：{1}：{2}。在修正之前，本收银台按内置政策 {3} 处理。</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="302"/>
        <source>The database could not be opened: {0}. Nothing was changed. Call IT support.</source>
        <translation>无法打开数据库：{0}。未做任何更改。请联系 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="348"/>
        <source>The database is busy with another program. Nothing was lost: try again in a moment.</source>
        <translation>数据库正被其他程序占用。没有丢失任何数据，请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="353"/>
        <source>The database file cannot be written (read-only or no permission). Nothing was saved: ask IT to check the data folder&apos;s permissions.</source>
        <translation>数据库文件无法写入（只读或无权限）。本次未保存任何内容，请联系 IT 检查数据文件夹的权限。</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="358"/>
        <source>The disk is full. Nothing was saved and earlier cases are safe: free some space, then save again.</source>
        <translation>磁盘已满。本次未保存，之前的售后单不受影响。请清理部分空间后重新保存。</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="363"/>
        <source>The database file is damaged. Stop using this till and call IT support: the backups folder holds copies.</source>
        <translation>数据库文件已损坏。请停止使用本收银台并联系 IT 支持；备份文件夹中存有副本。</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="368"/>
        <source>The disk reported an error. Nothing was saved: try again, and call IT support if it happens again.</source>
        <translation>磁盘报错。本次未保存，请重试；如再次出现，请联系 IT 支持。</translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="373"/>
        <source>The database file cannot be opened. Check that the data folder exists and is writable.</source>
        <translation>无法打开数据库文件。请检查数据文件夹是否存在且可写入。</translation>
    </message>
</context>
<context>
    <name>InspectionView</name>
    <message>
        <location filename="../../src/views/inspection.py" line="194"/>
        <source>Inspection and liability</source>
        <translation>检验与责任判定</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="198"/>
        <source>Next: decision (Ctrl+Enter)</source>
        <translation>下一步：处理方案 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="204"/>
        <source>The case is saved as a draft; Esc goes back.</source>
        <translation>售后单已存为草稿；按 Esc 返回。</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="218"/>
        <source>Case {0} · {1} · receipt {2}</source>
        <translation>售后单 {0} · {1} · 小票 {2}</translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <location filename="../../src/views/intake.py" line="50"/>
        <source>Intake (售后问题受理单)</source>
        <translation>售后问题受理单</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="72"/>
        <source>What happened, in the customer&apos;s words; read the key points back to them.</source>
        <translation>按顾客原话记录问题经过，并向顾客复述要点。</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="75"/>
        <source>Customer name</source>
        <translation>顾客姓名</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="76"/>
        <source>Mobile phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="77"/>
        <source>Channel</source>
        <translation>受理渠道</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="78"/>
        <source>Problem</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="79"/>
        <source>Customer wants</source>
        <translation>顾客诉求</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="80"/>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="85"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="86"/>
        <source>Size</source>
        <translation>尺码</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="87"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="88"/>
        <source>Paid</source>
        <translation>实付</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="89"/>
        <source>Returnable</source>
        <translation>可退</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="90"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="100"/>
        <source>Next: inspection (Ctrl+Enter)</source>
        <translation>下一步：检验 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="108"/>
        <source>Esc: back to the scan</source>
        <translation>Esc：返回扫描</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="115"/>
        <source>Items and quantities</source>
        <translation>商品及数量</translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="131"/>
        <source>Receipt {0} · {1} days since purchase</source>
        <translation>小票 {0} · 购买已 {1} 天</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../src/i18n.py" line="86"/>
        <source>Store counter</source>
        <translation>门店柜台</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="87"/>
        <source>Phone hotline</source>
        <translation>电话热线</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="88"/>
        <source>Online shop</source>
        <translation>网店</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="89"/>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="90"/>
        <source>Quality defect</source>
        <translation>质量问题</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="93"/>
        <source>Size / fit</source>
        <translation>尺码不合</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="94"/>
        <source>Colour difference</source>
        <translation>色差</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="97"/>
        <source>Damaged in delivery</source>
        <translation>运输破损</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="100"/>
        <source>Changed mind</source>
        <translation>不想要了（无理由）</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="103"/>
        <source>Service complaint</source>
        <translation>服务投诉</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="106"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="107"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="108"/>
        <source>Exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="109"/>
        <source>Repair</source>
        <translation>维修</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="110"/>
        <source>Compensation</source>
        <translation>补偿</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="111"/>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="112"/>
        <source>No damage</source>
        <translation>无损坏</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="113"/>
        <source>Seam split</source>
        <translation>开线</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="114"/>
        <source>Hole</source>
        <translation>破洞</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="115"/>
        <source>Pilling</source>
        <translation>起球</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="116"/>
        <source>Fading</source>
        <translation>褪色</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="117"/>
        <source>Zip or button</source>
        <translation>拉链/纽扣损坏</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="118"/>
        <source>Print peeling</source>
        <translation>印花脱落</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="119"/>
        <source>Other damage</source>
        <translation>其他损坏</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="120"/>
        <source>Manufacturer</source>
        <translation>生产商</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="121"/>
        <source>Store (seller)</source>
        <translation>销售方（门店）</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="122"/>
        <source>Logistics</source>
        <translation>物流</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="123"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="124"/>
        <source>Damaged on the way to the customer</source>
        <translation>运输途中损坏</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="127"/>
        <source>A fault in making the garment</source>
        <translation>服装生产缺陷</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="130"/>
        <source>Signs of wear, washing or misuse</source>
        <translation>有穿着、洗涤或使用不当的痕迹</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="133"/>
        <source>No-reason return: the seller bears it</source>
        <translation>无理由退货：由销售方承担</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="136"/>
        <source>The product differs from how it was shown</source>
        <translation>商品与展示或描述不符</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="139"/>
        <source>A complaint about our service</source>
        <translation>对本店服务的投诉</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="142"/>
        <source>Inspection found no defect</source>
        <translation>检验未发现质量问题</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="145"/>
        <source>Unclear: staff decide</source>
        <translation>无法判断：由店员判定</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="148"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="149"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="150"/>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="153"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="154"/>
        <source>Rejected by manager</source>
        <translation>店长已驳回</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="155"/>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="156"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="157"/>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="158"/>
        <source>Store manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="159"/>
        <source>Back to stock</source>
        <translation>退回库存</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="160"/>
        <source>To the outlet</source>
        <translation>转奥莱折扣店</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="161"/>
        <source>To repair</source>
        <translation>送修</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="162"/>
        <source>Back to the supplier</source>
        <translation>退回供应商</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="163"/>
        <source>Destroy</source>
        <translation>销毁</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="164"/>
        <source>Stays with the customer</source>
        <translation>顾客留存</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="167"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="168"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="169"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../src/i18n.py" line="170"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
</context>
<context>
    <name>LineDecisionForm</name>
    <message>
        <location filename="../../src/views/decision.py" line="74"/>
        <source>nothing but a rejection</source>
        <translation>无（只能拒绝）</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="76"/>
        <source>Policy allows: {0}.</source>
        <translation>政策允许：{0}。</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="83"/>
        <source>(outside the policy: manager approval)</source>
        <translation>（超出政策，需店长审批）</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="94"/>
        <source>Refund {0} to {1} (the share actually paid, after discounts)</source>
        <translation>退款 {0}，退至{1}（按优惠后实付金额分摊）</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="100"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="107"/>
        <source>or type another product&apos;s SKU</source>
        <translation>或输入其他商品的货号</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="110"/>
        <source>Same style</source>
        <translation>同款</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="111"/>
        <source>Other product</source>
        <translation>其他商品</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="112"/>
        <source>Price difference</source>
        <translation>差价</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="120"/>
        <source>Amount in yuan, e.g. 50</source>
        <translation>金额（元），如 50</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="124"/>
        <source>Why, as the customer will be told</source>
        <translation>原因（将告知顾客）</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="128"/>
        <source>Ready on</source>
        <translation>可取件日期</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="129"/>
        <source>Compensation</source>
        <translation>补偿金额</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="130"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="139"/>
        <source>Decision</source>
        <translation>处理方案</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="141"/>
        <source>The item goes</source>
        <translation>商品去向</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="184"/>
        <source>Choose the new item.</source>
        <translation>请选择换货商品。</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="189"/>
        <source>Customer pays {0}</source>
        <translation>顾客补差价 {0}</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="193"/>
        <source>Customer gets back {0}</source>
        <translation>退还顾客差价 {0}</translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="196"/>
        <source>No difference</source>
        <translation>无差价</translation>
    </message>
</context>
<context>
    <name>LineInspection</name>
    <message>
        <location filename="../../src/views/inspection.py" line="57"/>
        <source>Tags attached</source>
        <translation>吊牌在</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="58"/>
        <source>Unworn</source>
        <translation>未穿着</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="59"/>
        <source>Unwashed</source>
        <translation>未洗涤</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="60"/>
        <source>Stains</source>
        <translation>有污渍</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="61"/>
        <source>Odour</source>
        <translation>有异味</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="79"/>
        <source>Attach photo…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="92"/>
        <source>Why the liability differs from the suggestion (required, audited)</source>
        <translation>与建议责任方不同的原因（必填，留档备查）</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="95"/>
        <source>Condition</source>
        <translation>商品状况</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="96"/>
        <source>Damage</source>
        <translation>损坏情况</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="97"/>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="98"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="99"/>
        <source>Suggested liability</source>
        <translation>建议责任方</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="100"/>
        <source>Liability</source>
        <translation>责任方</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="101"/>
        <source>Override reason</source>
        <translation>更改原因</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="130"/>
        <source>Photo of the item</source>
        <translation>商品照片</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="130"/>
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="140"/>
        <source>Could not copy the photo: {0}</source>
        <translation>无法复制照片：{0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/ui/main_window.py" line="39"/>
        <location filename="../../src/ui/main_window.py" line="498"/>
        <source>Aftersales Desk</source>
        <translation>售后台</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="80"/>
        <source>New scan</source>
        <translation>扫描小票</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="81"/>
        <source>Cases</source>
        <translation>售后单</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="82"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="83"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="84"/>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="85"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="86"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="87"/>
        <source>&amp;Desk</source>
        <translation>柜台(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="99"/>
        <source>Workflow</source>
        <translation>操作流程</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="112"/>
        <location filename="../../src/ui/main_window.py" line="360"/>
        <location filename="../../src/ui/main_window.py" line="499"/>
        <source>Head office not set up</source>
        <translation>未配置总部连接</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="395"/>
        <source>Cases are saved on this till and queued for head office. Details: F8.</source>
        <translation>售后单保存在本收银台，排队等待上传总部。详情请按 F8。</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="266"/>
        <source>Case {0} is kept as it is. Continue it from the case list (F3).</source>
        <translation>售后单 {0} 已保存，可在售后单列表（F3）中继续处理。</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="340"/>
        <location filename="../../src/ui/main_window.py" line="344"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="342"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="362"/>
        <source>{0} waiting</source>
        <translation>{0} 条待发送</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="364"/>
        <source>Head office: sent at {0} · {1} waiting</source>
        <translation>总部：{0} 已同步 · {1} 条待发送</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="368"/>
        <source>Head office refuses this till&apos;s token · {0} waiting</source>
        <translation>总部拒绝本收银台的令牌 · {0} 条待发送</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="373"/>
        <source>This till number is in use by another computer: re-enrol · {0} waiting</source>
        <translation>本收银台编号已被另一台电脑使用：请重新注册 · {0} 条待发送</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="376"/>
        <source>Head office unreachable, trying again · {0} waiting</source>
        <translation>无法连接总部，稍后自动重试 · {0} 条待发送</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="380"/>
        <source>last sent {0}</source>
        <translation>上次同步 {0}</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="380"/>
        <source>never sent yet</source>
        <translation>尚未同步过</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="383"/>
        <source>{0} failed</source>
        <translation>{0} 条发送失败</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="398"/>
        <source>Until this till&apos;s clock is right, every return decided by the date of the sale needs a manager&apos;s approval.</source>
        <translation>本机时钟校准之前，凡按购买日期判定的退换货都需店长审批。</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="408"/>
        <source>no data from head office yet</source>
        <translation>尚未收到总部资料</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="411"/>
        <source>data up to date</source>
        <translation>资料已是最新</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="413"/>
        <source>data from {0} min ago</source>
        <translation>资料为 {0} 分钟前</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="415"/>
        <source>data from {0} h ago</source>
        <translation>资料为 {0} 小时前</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="416"/>
        <source>data from {0} days ago</source>
        <translation>资料为 {0} 天前</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="428"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="430"/>
        <source>{0} h</source>
        <translation>{0} 小时</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="432"/>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="435"/>
        <source>This till&apos;s clock is {0} ahead of head office&apos;s: set the date and time right</source>
        <translation>本机时钟比总部快 {0}：请校准日期和时间</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="438"/>
        <source>This till&apos;s clock is {0} behind head office&apos;s: set the date and time right</source>
        <translation>本机时钟比总部慢 {0}：请校准日期和时间</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="454"/>
        <source>Nobody signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="457"/>
        <source>On duty: {0} ({1}, No. {2})</source>
        <translation>当班：{0}（{1}，工号 {2}）</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="463"/>
        <source>{0} {1} · till {2:02d}</source>
        <translation>{0} {1} · 收银台 {2:02d}</translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="467"/>
        <source>DEMO DATA</source>
        <translation>演示数据</translation>
    </message>
</context>
<context>
    <name>ManagerPinDialog</name>
    <message>
        <location filename="../../src/views/pin_dialog.py" line="119"/>
        <source>Manager&apos;s approval (店长确认)</source>
        <translation>店长确认</translation>
    </message>
    <message>
        <location filename="../../src/views/pin_dialog.py" line="126"/>
        <source>Manager&apos;s staff number</source>
        <translation>店长工号</translation>
    </message>
    <message>
        <location filename="../../src/views/pin_dialog.py" line="127"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../src/views/pin_dialog.py" line="128"/>
        <source>Allow</source>
        <translation>允许</translation>
    </message>
    <message>
        <location filename="../../src/views/pin_dialog.py" line="131"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../src/views/preview.py" line="28"/>
        <source>Preview: {0} of case {1}</source>
        <translation>预览：售后单 {1} 的{0}</translation>
    </message>
    <message>
        <location filename="../../src/views/preview.py" line="32"/>
        <source>Rendering…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <location filename="../../src/views/preview.py" line="67"/>
        <source>{0} page(s)</source>
        <translation>共 {0} 页</translation>
    </message>
</context>
<context>
    <name>PrinterChoice</name>
    <message>
        <location filename="../../src/views/settings.py" line="50"/>
        <source>80 mm thermal roll</source>
        <translation>80 毫米热敏纸</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="51"/>
        <source>A4 sheet</source>
        <translation>A4 纸</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="55"/>
        <source>Print test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="61"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="62"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="63"/>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="75"/>
        <source>(no printer)</source>
        <translation>（不打印）</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="108"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../src/views/problems.py" line="20"/>
        <source>Enter the customer&apos;s name.</source>
        <translation>请输入顾客姓名。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="23"/>
        <source>The name is too long: at most 50 characters.</source>
        <translation>姓名过长：最多 50 个字。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="26"/>
        <source>The description is too long: at most 10,000 characters.</source>
        <translation>问题描述过长：最多 10,000 个字。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="29"/>
        <source>The phone number is not a mainland mobile number (11 digits starting 13–19).</source>
        <translation>该号码不是有效的大陆手机号（应为 13–19 开头的 11 位数字）。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="33"/>
        <source>Choose at least one item and its quantity.</source>
        <translation>请至少选择一件商品并填写数量。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="36"/>
        <location filename="../../src/views/problems.py" line="60"/>
        <source>The quantity is more than is still returnable on this receipt.</source>
        <translation>数量超过此小票剩余可退数量。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="39"/>
        <source>That item is not on this receipt.</source>
        <translation>该商品不在此小票上。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="42"/>
        <source>The same item is listed twice: give its quantity once.</source>
        <translation>同一商品填写了两次，请只填写一次数量。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="45"/>
        <source>You changed the suggested liability: give the reason.</source>
        <translation>您更改了建议的责任方，请填写原因。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="48"/>
        <source>The batch number is too long: at most 32 characters.</source>
        <translation>批次号过长：最多 32 个字符。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="51"/>
        <location filename="../../src/views/problems.py" line="87"/>
        <source>The reason is too long: at most 10,000 characters.</source>
        <translation>原因过长：最多 10,000 个字。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="54"/>
        <source>Every item needs an entry.</source>
        <translation>每件商品都需要填写检验结果。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="57"/>
        <source>The quantity must be at least 1.</source>
        <translation>数量至少为 1。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="63"/>
        <source>The refund is more than was paid for the item.</source>
        <translation>退款金额超过该商品的实付金额。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="66"/>
        <source>The refund cannot be negative.</source>
        <translation>退款金额不能为负数。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="69"/>
        <source>Choose the item the customer takes in exchange (a known SKU).</source>
        <translation>请选择顾客要换的商品（须为已有货号）。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="72"/>
        <source>Give the date the repair will be ready.</source>
        <translation>请填写维修后的可取件日期。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="75"/>
        <source>The repair date is in the past.</source>
        <translation>可取件日期已过，请选择今天或以后的日期。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="78"/>
        <source>Enter a compensation amount above ¥0.</source>
        <translation>请输入大于 ¥0 的补偿金额。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="81"/>
        <source>The compensation is more than was paid for the item.</source>
        <translation>补偿金额超过该商品的实付金额。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="84"/>
        <source>Give the reason for rejecting.</source>
        <translation>请填写拒绝原因。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="96"/>
        <source>Too many wrong PINs for this staff number. Wait {0} seconds and try again.</source>
        <translation>该工号密码错误次数过多。请等待 {0} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="100"/>
        <source>Enter the staff number and the PIN.</source>
        <translation>请输入工号和密码。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="103"/>
        <location filename="../../src/views/problems.py" line="106"/>
        <source>Wrong staff number or PIN. Check both and try again.</source>
        <translation>工号或密码错误。请检查后重试。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="109"/>
        <source>This staff account is disabled. Ask the store manager.</source>
        <translation>该员工账号已停用。请联系店长。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="112"/>
        <source>Only a store manager can approve. Ask a manager to enter their number and PIN.</source>
        <translation>只有店长可以审批。请店长输入本人工号和密码。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="116"/>
        <source>The manager approving must be someone other than the cashier on this case.</source>
        <translation>审批的店长不能是本售后单的经办收银员。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="124"/>
        <source>Return slip</source>
        <translation>售后退货单</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="125"/>
        <source>Customer receipt</source>
        <translation>顾客回执</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="135"/>
        <source>{0}: printed on {1}.</source>
        <translation>{0}：已在 {1} 打印。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="137"/>
        <source>{0}: waiting in the queue of {1}; it prints when the printer is ready.</source>
        <translation>{0}：正在 {1} 的队列中等待，打印机就绪后即会打印。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="140"/>
        <source>{0}: no printer is set for it. Choose one in Settings (F9), or save the PDF.</source>
        <translation>{0}：未设置打印机。请在设置（F9）中选择，或另存 PDF。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="144"/>
        <source>{0}: printer {1} is not on this computer any more. Check it, or choose another in Settings (F9). The case is saved.</source>
        <translation>{0}：本机已找不到打印机 {1}。请检查打印机，或在设置（F9）中另选一台。售后单已保存。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="149"/>
        <source>{0}: printer {1} is stopped. Start it again (or ask IT), then press Retry. The case is saved.</source>
        <translation>{0}：打印机 {1} 已停止。请重新启动打印机（或联系 IT），然后点击“重试”。售后单已保存。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="154"/>
        <source>{0}: printer {1} refuses jobs. Ask IT to let it accept jobs, then press Retry. The case is saved.</source>
        <translation>{0}：打印机 {1} 拒绝接收任务。请联系 IT 恢复接收，然后点击“重试”。售后单已保存。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="159"/>
        <source>{0}: this computer has no printing system. Save the PDF and print it elsewhere. The case is saved.</source>
        <translation>{0}：本机没有打印系统。请另存 PDF 到其他电脑打印。售后单已保存。</translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="164"/>
        <source>{0}: printer {1} could not print it ({2}). The case is saved: press Retry or save the PDF.</source>
        <translation>{0}：打印机 {1} 打印失败（{2}）。售后单已保存：请点击“重试”或另存 PDF。</translation>
    </message>
</context>
<context>
    <name>ScanView</name>
    <message>
        <location filename="../../src/views/scan.py" line="94"/>
        <source>Scan the customer&apos;s sales receipt</source>
        <translation>扫描顾客的销售小票</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="97"/>
        <source>Scan the barcode on the receipt, or type the receipt number (e.g. SH01-02-261123-0042) and press Enter. Press Enter again to start the case.</source>
        <translation>扫描小票上的条码，或输入小票号（如 SH01-02-261123-0042）后按 Enter。再按一次 Enter 开始受理。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="101"/>
        <source>Receipt barcode or number, or a case number</source>
        <translation>小票条码、小票号或售后单号</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="102"/>
        <source>Start after-sales case (Enter)</source>
        <translation>开始售后受理 (Enter)</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="105"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="106"/>
        <source>Size</source>
        <translation>尺码</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="107"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="108"/>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="109"/>
        <source>Returned</source>
        <translation>已退</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="110"/>
        <source>In open cases</source>
        <translation>售后处理中</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="111"/>
        <source>Returnable</source>
        <translation>可退</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="112"/>
        <source>Paid</source>
        <translation>实付</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="113"/>
        <source>Days since purchase</source>
        <translation>购买天数</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="114"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="146"/>
        <source>Opening the database… the scan will be looked up in a moment.</source>
        <translation>正在打开数据库…稍后将查询扫描结果。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="162"/>
        <source>This till has no store yet. Join head office in Settings (F9), or run &apos;aftersales enrol ADDRESS STORE-CODE --till N&apos;; or start the app with --demo to practise on the demo store.</source>
        <translation>本收银台尚未绑定门店。请在设置（F9）中连接总部，或运行“aftersales enrol 总部地址 门店编码 --till 收银台号”；也可以用 --demo 启动，在演示门店练习。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="204"/>
        <source>Receipt {0} is not in this till&apos;s records. Check that the receipt is from this store; sales from the last few minutes may not have arrived yet.</source>
        <translation>本收银台的记录中没有小票 {0}。请确认小票是否为本店开具；最近几分钟的销售可能尚未同步。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="214"/>
        <source>Nothing was scanned. Scan the receipt&apos;s barcode again.</source>
        <translation>未扫描到内容。请重新扫描小票条码。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="216"/>
        <source>That scan is too long to be a receipt barcode: the scanner may have read twice. Scan once more.</source>
        <translation>扫描内容过长，不是小票条码，可能是扫码枪重复读取。请再扫描一次。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="220"/>
        <source>That is not a receipt barcode or receipt number. Scan the barcode at the bottom of the sales receipt.</source>
        <translation>这不是小票条码或小票号。请扫描销售小票底部的条码。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="224"/>
        <source>The barcode was misread (its check character is wrong). Scan it again, or type the receipt number printed under it.</source>
        <translation>条码读取有误（校验位不正确）。请重新扫描，或输入条码下方印的小票号。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="228"/>
        <source>The code holds an impossible date, so it cannot be our receipt. Scan again or type the receipt number.</source>
        <translation>该编码中的日期不存在，不可能是本店小票。请重新扫描或输入小票号。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="241"/>
        <source>Receipt {0} · sold {1} ({2} days ago) · paid {3} by {4}</source>
        <translation>小票 {0} · {1} 售出（{2} 天前）· {4}实付 {3}</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="253"/>
        <source>Final sale</source>
        <translation>特价不退</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="255"/>
        <source>Hygiene item</source>
        <translation>贴身衣物</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="279"/>
        <source>Earlier cases on this receipt: {0}</source>
        <translation>此小票的历史售后单：{0}</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="291"/>
        <source>Everything on this receipt has already been returned or is in an open case.</source>
        <translation>此小票上的商品均已退货或正在售后处理中。</translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="300"/>
        <source>Sign in first (F12).</source>
        <translation>请先登录 (F12)。</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../src/views/settings.py" line="165"/>
        <source>the store&apos;s token from head office</source>
        <translation>总部发给本门店的令牌</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="168"/>
        <source>{0} {1} (this till&apos;s store; the token must be this store&apos;s)</source>
        <translation>{0} {1}（本收银台所属门店，令牌必须是本门店的）</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="172"/>
        <source>This till has no store yet.</source>
        <translation>本收银台尚未绑定门店。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="176"/>
        <source>Save and test the connection</source>
        <translation>保存并测试连接</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="186"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="187"/>
        <source>Store code</source>
        <translation>门店编码</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="188"/>
        <source>Store token</source>
        <translation>门店令牌</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="191"/>
        <source>Print both automatically when a case is completed</source>
        <translation>售后完成时自动打印退货单和顾客回执</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="195"/>
        <source>Look for printers again</source>
        <translation>重新查找打印机</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="198"/>
        <source>Language (语言)</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="199"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="200"/>
        <source>Head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="206"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="231"/>
        <source>This computer has no printers. Add the counter&apos;s printer in the system&apos;s printer settings, then press &apos;Look for printers again&apos;.</source>
        <translation>本机没有打印机。请在系统打印机设置中添加柜台打印机，然后点击“重新查找打印机”。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="255"/>
        <source>The till is still starting: try again in a moment.</source>
        <translation>收银台仍在启动中，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="263"/>
        <source>Changing head office&apos;s address or the store&apos;s token needs a manager: enter a manager&apos;s staff number and PIN.</source>
        <translation>更改总部地址或门店令牌需要店长确认：请输入店长的工号和密码。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="280"/>
        <source>Not saved: changing head office&apos;s address or the store&apos;s token needs a manager&apos;s staff number and PIN. Nothing was changed.</source>
        <translation>未保存：更改总部地址或门店令牌需要店长的工号和密码。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="296"/>
        <source>Enter the address and the store&apos;s token.</source>
        <translation>请输入总部地址和门店令牌。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="299"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="369"/>
        <source>Connected: head office knows this till as store {0}.</source>
        <translation>已连接：总部识别本收银台为门店 {0}。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="377"/>
        <source>Head office refuses this token: check it, or ask for a new one.</source>
        <translation>总部拒绝此令牌：请检查，或向总部申请新的令牌。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="380"/>
        <source>Not saved: with http:// the store&apos;s token would cross the network unencrypted. Use the https:// address of head office (ask IT).</source>
        <translation>未保存：使用 http:// 时门店令牌会以明文经过网络。请使用总部的 https:// 地址（请咨询 IT）。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="385"/>
        <source>Head office&apos;s certificate is not trusted, so nothing was sent. If head office uses its own certificate authority, IT names its certificate in settings.ini (sync/ca_file); otherwise check the address. ({0})</source>
        <translation>总部的证书不受信任，因此未发送任何数据。如果总部使用自己的证书颁发机构，请 IT 在 settings.ini 中指定其证书（sync/ca_file）；否则请检查地址。（{0}）</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="391"/>
        <source>Wrong store: this token belongs to store {0}, but this till is in {1}. It was not saved, so nothing is sent with it: ask head office for store {1}&apos;s token.</source>
        <translation>门店不符：此令牌属于门店 {0}，而本收银台属于门店 {1}。此令牌未保存，不会用它发送任何数据：请向总部索取门店 {1} 的令牌。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="374"/>
        <source>Head office cannot be reached ({0}): check the address and the network.</source>
        <translation>无法连接总部（{0}）：请检查地址和网络。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="399"/>
        <source>Connected as store {0}, but this till&apos;s clock is {1} minutes ahead of head office&apos;s.</source>
        <translation>已连接，门店 {0}；但本收银台的时钟比总部快 {1} 分钟。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="404"/>
        <source>Connected as store {0}, but this till&apos;s clock is {1} minutes behind head office&apos;s.</source>
        <translation>已连接，门店 {0}；但本收银台的时钟比总部慢 {1} 分钟。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="412"/>
        <source>Cases are timestamped by this till: set the computer&apos;s date and time correctly (or ask IT), then test again.</source>
        <translation>售后单的时间以本收银台为准：请把电脑的日期和时间调准（或联系 IT），然后再测试一次。</translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="416"/>
        <source>Head office answered something unexpected ({0}).</source>
        <translation>总部返回了无法识别的应答（{0}）。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../src/views/sign_in.py" line="26"/>
        <source>Sign in (登录)</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../src/views/sign_in.py" line="30"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../src/views/sign_in.py" line="31"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <location filename="../../src/services/documents.py" line="44"/>
        <source>tags on</source>
        <translation>吊牌在</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="45"/>
        <source>tags missing</source>
        <translation>吊牌缺失</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="46"/>
        <source>worn</source>
        <translation>已穿着</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="47"/>
        <source>washed</source>
        <translation>已洗涤</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="48"/>
        <source>unworn</source>
        <translation>未穿着未洗涤</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="49"/>
        <source>stains</source>
        <translation>有污渍</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="50"/>
        <source>odour</source>
        <translation>有异味</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="51"/>
        <source>batch {0}</source>
        <translation>批次 {0}</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="52"/>
        <source>exchange for {0}, customer pays {1}</source>
        <translation>换 {0}，顾客补差价 {1}</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="53"/>
        <source>exchange for {0}, customer gets back {1}</source>
        <translation>换 {0}，退还顾客差价 {1}</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="54"/>
        <source>exchange for {0}, no difference</source>
        <translation>换 {0}，无差价</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="55"/>
        <source>ready on {0}</source>
        <translation>{0} 可取件</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="56"/>
        <source>reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="57"/>
        <source>Printer test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="58"/>
        <source>The refund reaches your original payment account within {0} working days.</source>
        <translation>退款将在{0}个工作日内退回原支付账户。</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="61"/>
        <source>We answer every after-sales question within {0} hours.</source>
        <translation>我们承诺在{0}小时内答复您的售后问题。</translation>
    </message>
    <message>
        <location filename="../../src/services/documents.py" line="64"/>
        <source>Questions or feedback: call {0}, quoting your case number.</source>
        <translation>如有疑问或意见，请致电 {0} 并告知售后单号。</translation>
    </message>
    <message>
        <location filename="../../src/services/training.py" line="23"/>
        <source>Final sale: no no-reason return</source>
        <translation>特价不退</translation>
    </message>
    <message>
        <location filename="../../src/services/training.py" line="24"/>
        <source>Hygiene item: no no-reason return</source>
        <translation>贴身衣物</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <location filename="../../src/views/sync.py" line="52"/>
        <source>Sync with head office</source>
        <translation>与总部同步</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="71"/>
        <source>Head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="72"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="73"/>
        <source>Connection</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="74"/>
        <source>Last successful sync</source>
        <translation>上次同步成功</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="75"/>
        <source>Head office&apos;s data</source>
        <translation>总部资料</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="76"/>
        <source>Checked with head office</source>
        <translation>与总部核对</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="77"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="94"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="97"/>
        <source>Put the selected changes back in the queue and send them now.</source>
        <translation>把选中的记录放回待发送队列，并立即发送。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="124"/>
        <source>Case</source>
        <translation>售后单号</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="125"/>
        <source>Change</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="126"/>
        <source>Made at</source>
        <translation>产生时间</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="127"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="128"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="165"/>
        <source>Waiting to be sent: {0}</source>
        <translation>待发送：{0} 条</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="170"/>
        <source>… and {0} more, sent in the order they were made.</source>
        <translation>……另有 {0} 条，按产生的先后顺序发送。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="176"/>
        <source>Failed, head office refused them: {0}</source>
        <translation>发送失败（总部拒收）：{0} 条</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="209"/>
        <source>Not set up: open Settings (F9) and enter head office&apos;s address.</source>
        <translation>尚未设置：请打开设置（F9），填写总部地址。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="215"/>
        <source>{0} {1} · till {2:02d}</source>
        <translation>{0} {1} · {2:02d} 号收银台</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="217"/>
        <source>This till has no store yet.</source>
        <translation>本收银台尚未绑定门店。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="220"/>
        <source>Offline: head office not set up</source>
        <translation>离线：未配置总部连接</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="222"/>
        <source>Not tried yet</source>
        <translation>尚未连接过</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="224"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="226"/>
        <source>Offline: head office refuses this till&apos;s token</source>
        <translation>离线：总部拒绝本收银台的令牌</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="229"/>
        <source>Offline: this till number is in use by another computer: re-enrol</source>
        <translation>离线：本收银台编号已被另一台电脑使用，请重新注册</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="232"/>
        <source>Offline: head office has a problem, trying again</source>
        <translation>离线：总部出现故障，稍后自动重试</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="234"/>
        <source>Offline: head office cannot be reached, trying again</source>
        <translation>离线：无法连接总部，稍后自动重试</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="240"/>
        <location filename="../../src/views/sync.py" line="260"/>
        <source>Not yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="244"/>
        <source>Not received yet: this till works on its own data.</source>
        <translation>尚未收到：本收银台使用自己的资料工作。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="246"/>
        <source>Products, staff, sales and policy as of {0}</source>
        <translation>商品、员工、销售小票和退换货政策，更新于 {0}</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="251"/>
        <source>the last reply could not be used and was set aside; the till goes on with this copy</source>
        <translation>最近一次总部回复无法使用，已弃用；收银台继续使用这份资料</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="261"/>
        <source>{0}: head office holds everything this till sent</source>
        <translation>{0}：本机发出的记录总部均已保存</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="266"/>
        <source>on {0} head office no longer held {1} change(s) of {2} case(s) it had taken (restored from a backup?): this till sent them again</source>
        <translation>{0} 总部缺少已接收的 {2} 张售后单的 {1} 条记录（可能已从备份恢复）：本机已重新发送</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="278"/>
        <source>Case opened</source>
        <translation>登记售后单</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="279"/>
        <source>Inspection recorded</source>
        <translation>记录检验结果</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="280"/>
        <source>Decision submitted</source>
        <translation>提交处理决定</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="281"/>
        <source>Approval requested</source>
        <translation>申请店长审批</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="282"/>
        <source>Approved by the manager</source>
        <translation>店长已批准</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="283"/>
        <source>Rejected by the manager</source>
        <translation>店长已驳回</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="284"/>
        <source>Case completed</source>
        <translation>售后单完成</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="285"/>
        <source>Case cancelled</source>
        <translation>售后单取消</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="286"/>
        <source>Case reopened for changes</source>
        <translation>售后单退回修改</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="292"/>
        <source>Not sent yet</source>
        <translation>尚未发送</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="292"/>
        <source>Waiting to be sent</source>
        <translation>等待再次发送</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="294"/>
        <source>Head office could not be reached; sent when it answers</source>
        <translation>无法连接总部；恢复连接后自动发送</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="295"/>
        <source>Head office had a problem; trying again by itself</source>
        <translation>总部出现故障；将自动重试</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="296"/>
        <source>Head office&apos;s answer was not understood; trying again</source>
        <translation>无法识别总部的应答；将自动重试</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="297"/>
        <source>Head office refuses this till&apos;s token: check Settings</source>
        <translation>总部拒绝本收银台的令牌：请检查设置</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="298"/>
        <source>This till number is in use by another computer: re-enrol</source>
        <translation>本收银台编号已被另一台电脑使用：请重新注册</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="300"/>
        <source>Head office already has this change with other content: call IT support</source>
        <translation>总部已有同一条记录，但内容不同：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="302"/>
        <source>Head office lacks this case&apos;s earlier changes</source>
        <translation>总部缺少此售后单之前的记录</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="304"/>
        <source>Head office no longer holds this change it had taken (restored from a backup?): sent again</source>
        <translation>总部已接收但现已缺少此记录（可能已从备份恢复）：正在重新发送</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="308"/>
        <source>Head office cannot read this case&apos;s number: call IT support</source>
        <translation>总部无法识别此售后单号：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="311"/>
        <source>Head office says this case number is another store&apos;s: call IT support</source>
        <translation>总部认为此售后单号属于其他门店：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="314"/>
        <source>Head office says the sale is another store&apos;s: call IT support</source>
        <translation>总部认为该销售单属于其他门店：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="317"/>
        <source>Head office says more items are returned than the sale holds: call IT support</source>
        <translation>总部认为退回数量超过销售单所售数量：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="320"/>
        <source>Head office says an amount is more than the customer paid: call IT support</source>
        <translation>总部认为金额超过顾客实付金额：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="323"/>
        <source>Head office does not know this case&apos;s status: call IT support</source>
        <translation>总部不认识此售后单的状态：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="326"/>
        <source>Head office says the case&apos;s steps are out of order: call IT support</source>
        <translation>总部认为此售后单的步骤顺序不对：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="329"/>
        <source>Too large for head office or a proxy on the way: call IT support</source>
        <translation>对总部或中间的代理来说太大：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="331"/>
        <source>Head office refused this change ({0}): call IT support</source>
        <translation>总部拒收此记录（{0}）：请联系 IT 支持</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="351"/>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="380"/>
        <source>{0} change(s) back in the queue: sending now.</source>
        <translation>{0} 条记录已放回待发送队列，正在发送。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="393"/>
        <source>Head office is not set up: open Settings (F9) and enter its address and the store&apos;s token. Cases stay on this till until then.</source>
        <translation>尚未设置总部：请打开设置（F9），填写总部地址和门店令牌。在此之前，售后单保存在本收银台。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="403"/>
        <source>Sent {0} change(s). {1} failed: head office refused them, see below.</source>
        <translation>已发送 {0} 条记录。{1} 条发送失败（总部拒收），见下方列表。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="409"/>
        <source>Sent {0} change(s); {1} still waiting, sending on.</source>
        <translation>已发送 {0} 条记录；还有 {1} 条待发送，正在继续发送。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="416"/>
        <source>Sent {0} change(s) to head office. Nothing is waiting.</source>
        <translation>已向总部发送 {0} 条记录，没有待发送的记录。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="424"/>
        <source>Head office refused a change: it is listed under Failed. The others are sent on.</source>
        <translation>总部拒收了一条记录，已列入“发送失败”。其他记录继续发送。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="432"/>
        <source>Head office refuses this till&apos;s token. Nothing was sent and nothing is lost: check the token in Settings (F9), or ask head office for a new one.</source>
        <translation>总部拒绝本收银台的令牌。没有发送任何记录，也没有丢失任何数据：请在设置（F9）中检查令牌，或向总部申请新的令牌。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="440"/>
        <source>This till number is in use by another computer: re-enrol. Nothing was sent and nothing is lost: the changes stay on this till. Ask IT to enrol this computer with another till number, or to release this number if the other computer is no longer used.</source>
        <translation>本收银台编号已被另一台电脑使用：请重新注册。未发送任何内容，也没有丢失：更改保留在本收银台。请联系 IT 用另一个收银台编号重新注册本电脑；如果另一台电脑已不再使用，请 IT 释放此编号。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="450"/>
        <source>Head office has a problem ({0}). Nothing is lost: the changes stay on this till and are sent by themselves when it is fixed.</source>
        <translation>总部出现故障（{0}）。数据没有丢失：记录保存在本收银台，故障排除后自动发送。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="458"/>
        <source>Head office&apos;s answer was not understood. Nothing is lost: the changes stay on this till and it tries again by itself. If it goes on, call IT.</source>
        <translation>无法识别总部的应答。数据没有丢失：记录保存在本收银台，并会自动重试。如果持续出现，请联系 IT。</translation>
    </message>
    <message>
        <location filename="../../src/views/sync.py" line="466"/>
        <source>Head office cannot be reached. Nothing is lost: the changes stay on this till and are sent as soon as head office answers again.</source>
        <translation>无法连接总部。数据没有丢失：记录保存在本收银台，总部恢复连接后立即发送。</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../src/views/case_detail.py" line="36"/>
        <source>Opened (intake recorded)</source>
        <translation>已受理（受理单已登记）</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="37"/>
        <source>Inspected</source>
        <translation>已检验</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="38"/>
        <source>Liability overridden</source>
        <translation>已更改责任方</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="39"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="40"/>
        <source>Sent for approval</source>
        <translation>已提交店长审批</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="41"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="42"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="43"/>
        <source>Back to draft for a new decision</source>
        <translation>退回草稿，重新制定方案</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="44"/>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="45"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="46"/>
        <source>Return slip written</source>
        <translation>已生成售后退货单</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="47"/>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="48"/>
        <source>Reprinted</source>
        <translation>已重印</translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="49"/>
        <source>Printing failed</source>
        <translation>打印失败</translation>
    </message>
</context>
</TS>
