<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../src/views/approval.py" line="33"/>
        <source>Manager approval (店长审批)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="38"/>
        <source>Case {0} needs a manager because:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="49"/>
        <source>Note (required to reject)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="51"/>
        <source>Manager&apos;s staff number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="52"/>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="53"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="54"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="57"/>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="59"/>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/approval.py" line="85"/>
        <source>Give the reason for rejecting.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../src/views/case_detail.py" line="61"/>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="61"/>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="61"/>
        <source>Inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="61"/>
        <source>Liability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="62"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="62"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="62"/>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="66"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="66"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="66"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="66"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="71"/>
        <source>Open slip PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="73"/>
        <source>Manager approval…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="76"/>
        <source>Cancel case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="84"/>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="85"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="99"/>
        <source>Case {0} is not on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="104"/>
        <source>Case {0} · {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="107"/>
        <source>Opened {0} at till {1} by {2} · receipt {3}
Customer {4} {5} · {6} · {7} · wants {8}
{9}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="118"/>
        <source>tags on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="118"/>
        <source>tags missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="119"/>
        <source>worn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="120"/>
        <source>washed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="121"/>
        <source>stains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="122"/>
        <source>odour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="186"/>
        <source>Cancel case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="187"/>
        <source>Why is the case cancelled? (kept in its timeline)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasesView</name>
    <message>
        <location filename="../../src/views/cases.py" line="35"/>
        <source>Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="39"/>
        <source>Case number, receipt number, or phone (full or last 4 digits); Enter to search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="43"/>
        <source>Today&apos;s and open cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="44"/>
        <source>All cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="52"/>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="52"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="52"/>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="52"/>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="53"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="53"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/cases.py" line="53"/>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionView</name>
    <message>
        <location filename="../../src/views/decision.py" line="205"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="215"/>
        <source>Complete case (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="246"/>
        <source>Case {0} · {1} · customer wants: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="268"/>
        <source>Refund in all: {0} to {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="273"/>
        <source>Needs a manager&apos;s approval: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="277"/>
        <source>Within the policy: no approval needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="355"/>
        <source>The manager rejected this decision: {0}. Change the decision and complete again, or cancel the case from the case list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="359"/>
        <source>The case is saved and waits for a manager. Complete again when one is here, or find it later in the case list (F3).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoneView</name>
    <message>
        <location filename="../../src/views/done.py" line="32"/>
        <source>Case completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="36"/>
        <source>Open slip PDF (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="40"/>
        <source>Write the slip again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="43"/>
        <source>Next customer (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="76"/>
        <source>Case {0} is {1}. Refund in all: {2} to {3}. Customer: {4} {5}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="80"/>
        <source>Writing the return slip…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="93"/>
        <source>Return slip saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/done.py" line="101"/>
        <source>The case is saved, but its slip could not be written ({0}). Free disk space or check the slips folder, then write it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../src/ui/app.py" line="58"/>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/app.py" line="59"/>
        <source>Something went wrong in Aftersales Desk. What was saved before is safe. Please send the details below to IT support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="82"/>
        <source>The database could not be opened: {0}. Nothing was changed. Call IT support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="124"/>
        <source>The database is busy with another program. Nothing was lost: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="127"/>
        <source>The database file cannot be written (read-only or no permission). Nothing was saved: ask IT to check the data folder&apos;s permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="130"/>
        <source>The disk is full. Nothing was saved and earlier cases are safe: free some space, then save again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="133"/>
        <source>The database file is damaged. Stop using this till and call IT support: the backups folder holds copies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="136"/>
        <source>The disk reported an error. Nothing was saved: try again, and call IT support if it happens again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/desk.py" line="139"/>
        <source>The database file cannot be opened. Check that the data folder exists and is writable.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectionView</name>
    <message>
        <location filename="../../src/views/inspection.py" line="153"/>
        <source>Inspection and liability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="157"/>
        <source>Next: decision (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="163"/>
        <source>The case is saved as a draft; Esc goes back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="176"/>
        <source>Case {0} · {1} · receipt {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <location filename="../../src/views/intake.py" line="42"/>
        <source>Intake (售后问题受理单)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="65"/>
        <source>What happened, in the customer&apos;s words; read the key points back to them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="67"/>
        <source>Customer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="68"/>
        <source>Mobile phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="69"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="70"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="71"/>
        <source>Customer wants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="72"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="76"/>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="76"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="76"/>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="76"/>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="77"/>
        <source>Returnable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="77"/>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="82"/>
        <source>Next: inspection (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="90"/>
        <source>Esc: back to the scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="97"/>
        <source>Items and quantities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/intake.py" line="112"/>
        <source>Receipt {0} · {1} days since purchase</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LineDecisionForm</name>
    <message>
        <location filename="../../src/views/decision.py" line="51"/>
        <source>nothing but a rejection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="52"/>
        <source>Policy allows: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="62"/>
        <source>(outside the policy: manager approval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="70"/>
        <source>Refund {0} to {1} (the share actually paid, after discounts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="75"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="81"/>
        <source>or type another product&apos;s SKU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="84"/>
        <source>Same style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="85"/>
        <source>Other product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="86"/>
        <source>Price difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="94"/>
        <source>Amount in yuan, e.g. 50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="97"/>
        <source>Why, as the customer will be told</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="98"/>
        <source>Ready on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="99"/>
        <source>Compensation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="100"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="104"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="133"/>
        <source>Choose the new item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="137"/>
        <source>Customer pays {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="140"/>
        <source>Customer gets back {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/decision.py" line="143"/>
        <source>No difference</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LineInspection</name>
    <message>
        <location filename="../../src/views/inspection.py" line="45"/>
        <source>Tags attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="46"/>
        <source>Unworn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="47"/>
        <source>Unwashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="48"/>
        <source>Stains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="49"/>
        <source>Odour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="62"/>
        <source>Attach photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="75"/>
        <source>Why the liability differs from the suggestion (required, audited)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="77"/>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="78"/>
        <source>Damage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="79"/>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="80"/>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="81"/>
        <source>Suggested liability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="82"/>
        <source>Liability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="83"/>
        <source>Override reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="108"/>
        <source>Photo of the item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="108"/>
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/inspection.py" line="117"/>
        <source>Could not copy the photo: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/ui/main_window.py" line="29"/>
        <location filename="../../src/ui/main_window.py" line="292"/>
        <source>Aftersales Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="61"/>
        <source>New scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="62"/>
        <source>Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="63"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="64"/>
        <source>Switch user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="65"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="66"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="67"/>
        <source>&amp;Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="72"/>
        <source>Workflow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="83"/>
        <location filename="../../src/ui/main_window.py" line="293"/>
        <source>Offline: head office not set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="85"/>
        <source>Cases are saved on this till and queued for head office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="249"/>
        <source>Nobody signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="251"/>
        <source>On duty: {0} ({1}, No. {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="255"/>
        <source>{0} {1} · till {2:02d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ui/main_window.py" line="258"/>
        <source>DEMO DATA</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../src/views/problems.py" line="18"/>
        <source>Enter the customer&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="19"/>
        <source>The phone number is not a mainland mobile number (11 digits starting 13–19).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="21"/>
        <source>Choose at least one item and its quantity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="22"/>
        <location filename="../../src/views/problems.py" line="29"/>
        <source>The quantity is more than is still returnable on this receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="24"/>
        <source>That item is not on this receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="25"/>
        <source>You changed the suggested liability: give the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="27"/>
        <source>Every item needs an entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="28"/>
        <source>The quantity must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="31"/>
        <source>The refund is more than was paid for the item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="32"/>
        <source>The refund cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="33"/>
        <source>Choose the item the customer takes in exchange (a known SKU).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="35"/>
        <source>Give the date the repair will be ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="36"/>
        <source>The repair date is in the past.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="37"/>
        <source>Enter a compensation amount above ¥0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="38"/>
        <source>The compensation is more than was paid for the item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="40"/>
        <source>Give the reason for rejecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="47"/>
        <source>Too many wrong PINs for this staff number. Wait {0} seconds and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="50"/>
        <source>Enter the staff number and the PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="51"/>
        <location filename="../../src/views/problems.py" line="53"/>
        <source>Wrong staff number or PIN. Check both and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="54"/>
        <source>This staff account is disabled. Ask the store manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="55"/>
        <source>Only a store manager can approve. Ask a manager to enter their number and PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/problems.py" line="57"/>
        <source>The manager approving must be someone other than the cashier on this case.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanView</name>
    <message>
        <location filename="../../src/views/scan.py" line="83"/>
        <source>Scan the customer&apos;s sales receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="85"/>
        <source>Scan the barcode on the receipt, or type the receipt number (e.g. SH01-02-261123-0042) and press Enter. Press Enter again to start the case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="87"/>
        <source>Receipt barcode or number, or a case number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="88"/>
        <source>Start after-sales case (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="90"/>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="90"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="90"/>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="90"/>
        <source>Sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="91"/>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="91"/>
        <source>In open cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="91"/>
        <source>Returnable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="92"/>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="92"/>
        <source>Days since purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="92"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="121"/>
        <source>Opening the database… the scan will be looked up in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="135"/>
        <source>This till has no store yet. Ask IT to enrol it with head office, or start the app with --demo to practise on the demo store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="165"/>
        <source>Receipt {0} is not in this till&apos;s records. Check that the receipt is from this store; sales from the last few minutes may not have arrived yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="174"/>
        <source>Nothing was scanned. Scan the receipt&apos;s barcode again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="176"/>
        <source>That scan is too long to be a receipt barcode: the scanner may have read twice. Scan once more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="179"/>
        <source>That is not a receipt barcode or receipt number. Scan the barcode at the bottom of the sales receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="182"/>
        <source>The barcode was misread (its check character is wrong). Scan it again, or type the receipt number printed under it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="185"/>
        <source>The code holds an impossible date, so it cannot be our receipt. Scan again or type the receipt number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="197"/>
        <source>Receipt {0} · sold {1} ({2} days ago) · paid {3} by {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="204"/>
        <source>Final sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="206"/>
        <source>Hygiene item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="219"/>
        <source>Earlier cases on this receipt: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="227"/>
        <source>Everything on this receipt has already been returned or is in an open case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/scan.py" line="234"/>
        <source>Sign in first (F12).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../src/views/settings.py" line="32"/>
        <source>Not set up yet: cases wait in this till&apos;s queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="34"/>
        <source>Language (语言)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="35"/>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="36"/>
        <source>Head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/settings.py" line="37"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../src/views/sign_in.py" line="19"/>
        <source>Sign in (登录)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/sign_in.py" line="27"/>
        <source>Staff number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/sign_in.py" line="28"/>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <location filename="../../src/services/slips.py" line="25"/>
        <source>tags on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="26"/>
        <source>tags missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="27"/>
        <source>worn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="28"/>
        <source>washed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="29"/>
        <source>unworn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="30"/>
        <source>stains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="31"/>
        <source>odour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="32"/>
        <source>batch {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="33"/>
        <source>exchange for {0}, customer pays {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="34"/>
        <source>exchange for {0}, customer gets back {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="35"/>
        <source>exchange for {0}, no difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="36"/>
        <source>ready on {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/services/slips.py" line="37"/>
        <source>reason: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../src/views/case_detail.py" line="30"/>
        <source>Opened (intake recorded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="31"/>
        <source>Inspected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="32"/>
        <source>Liability overridden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="33"/>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="34"/>
        <source>Sent for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="35"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="36"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="37"/>
        <source>Back to draft for a new decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="38"/>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="39"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/views/case_detail.py" line="40"/>
        <source>Return slip written</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
