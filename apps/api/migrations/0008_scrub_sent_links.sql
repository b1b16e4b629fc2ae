-- The secret of an invitation or password-reset link leaves a mail's stored text once the mail has been
-- sent (or given up on): the delivery loop does so from now on, and here for the mails before it, so
-- that neither the outbox nor a backup made from now on holds a link that was its recipient's alone.
UPDATE outbox
SET body = regexp_replace(body, '(/(?:invitation|reset-password)#)[A-Za-z0-9_-]+',
  CASE WHEN status = 'sent' THEN '\1(withheld: sent to its recipient)'
       ELSE '\1(withheld: the mail could not be delivered)' END, 'g')
WHERE status IN ('sent', 'failed') AND kind IN ('invitation', 'password-reset');
